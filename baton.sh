#!/usr/bin/env bash
# Finds a JDK 21+ (JAVA_HOME if it is one, else the newest under /usr/lib/jvm) and runs a
# Baton command with it:
#   ./baton.sh demo        serve the demo on 127.0.0.1:7071 (--port N or BATON_PORT to move it;
#                          --once runs the scenario through HTTP against itself and exits;
#                          --backend azure runs it on Azure Storage, see storage-azure/README.md)
#   ./baton.sh test        run the whole test suite (mvn verify)
#   ./baton.sh bench       run the benchmark report (RESULT lines)
#   ./baton.sh cpu         the CPU time per step, orchestration or signal (CPU lines)
#                          (bench and cpu take --jfr first to record a Java Flight Recorder
#                          profile of the measured runs, from the end of the warm-up, into
#                          benchmarks/target/<command>-<names>.jfr)
#   ./baton.sh profile F   where a recording's CPU samples fall (ProfileSummary)
#   ./baton.sh jmh ARGS    run the JMH benchmarks
#   ./baton.sh mvn ARGS    run Maven with the chosen JDK
set -euo pipefail
cd "$(dirname "$0")"

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(java_major "$JAVA_HOME")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

JDK=$(pick_jdk) || true
if [ -z "${JDK:-}" ]; then
  echo "baton.sh: no JDK 21 or newer found (JAVA_HOME is '${JAVA_HOME:-unset}', none under /usr/lib/jvm)." >&2
  echo "baton.sh: Baton needs JDK 21+; install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  exit 2
fi
export JAVA_HOME="$JDK"
export PATH="$JAVA_HOME/bin:$PATH"
echo "baton.sh: using JDK at $JAVA_HOME" >&2

MVN=(mvn -B -ntp)
# Lets orchestrator code run on its partition's event loop (see VirtualThreads).
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED"
# The reports' heap floor, as a server sets one: the full collections that end their warm-up would
# otherwise shrink the heap to a few tens of MB, and the first figures would run beside a young
# generation G1 has to grow again (a collection every few hundred orchestrations).
HEAP="-Xms1g"
cmd=${1:-}
[ $# -gt 0 ] && shift
JFR=()
if [ "${1:-}" = "--jfr" ]; then
  shift
  names=$(IFS=-; echo "${*:-all}")
  # started by the report itself once its warm-up is over (FlightRecording), not with the JVM
  JFR=("-Dbaton.jfr=benchmarks/target/$cmd-$names.jfr")
fi
case "$cmd" in
  demo)  "${MVN[@]}" -q -pl web -am install -DskipTests -Dspotless.check.skip=true
         MAVEN_OPTS="${MAVEN_OPTS:-} $OPENS" exec "${MVN[@]}" -q -pl web exec:java -Dexec.args="$*" ;;
  test)  exec "${MVN[@]}" verify "$@" ;;
  bench) "${MVN[@]}" -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true
         exec "$JAVA_HOME/bin/java" "$OPENS" "$HEAP" ${JFR[@]+"${JFR[@]}"} \
           -cp benchmarks/target/baton-benchmarks.jar dev.baton.benchmarks.Report "$@" ;;
  cpu)   "${MVN[@]}" -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true
         exec "$JAVA_HOME/bin/java" "$OPENS" "$HEAP" ${JFR[@]+"${JFR[@]}"} \
           -cp benchmarks/target/baton-benchmarks.jar dev.baton.benchmarks.CpuReport "$@" ;;
  profile) exec "$JAVA_HOME/bin/java" -cp benchmarks/target/baton-benchmarks.jar \
           dev.baton.benchmarks.ProfileSummary "$@" ;;
  jmh)   "${MVN[@]}" -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true
         exec "$JAVA_HOME/bin/java" "$OPENS" -jar benchmarks/target/baton-benchmarks.jar "$@" ;;
  mvn)   exec "${MVN[@]}" "$@" ;;
  *) echo "usage: ./baton.sh demo|test|bench|cpu|profile|jmh|mvn ARGS" >&2; exit 64 ;;
esac
