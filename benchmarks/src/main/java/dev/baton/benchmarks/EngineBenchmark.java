package dev.baton.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the engine on the memory backend. Run with {@code java -jar
 * benchmarks/target/baton-benchmarks.jar} after {@code ./baton.sh mvn -pl benchmarks -am package
 * -DskipTests}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {

  private Workloads workloads;

  @Setup(Level.Trial)
  public void setUp() {
    workloads = new Workloads();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    workloads.close();
  }

  /** HelloSequence5 orchestrations per second, 100 at a time. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(100)
  public void helloSequence5() {
    workloads.runAll("hello_sequence5", null, 100);
  }

  /** Sequential activities per second of one instance's chain of 1,000. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(1000)
  public void chain1000() {
    workloads.runOne("chain", 1000);
  }

  /** Activities per second of a fan-out/fan-in of 1,000. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(1000)
  public void fanout1000() {
    workloads.runOne("fanout", 1000);
  }

  /** Start-to-result time of a one-activity orchestration. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void startLatency() {
    workloads.runOne("one", null);
  }
}
