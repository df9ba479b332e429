"use strict";
// Drives Durable Functions' own client (npm durable-functions) through every management call it
// has, against a Baton server. Run by DurableFunctionsClientTest; prints one "ok <step>" line per
// step and exits 0, or prints "FAILED <step>: <why>" and exits 1.
//
// Environment: BATON_BASE (http://host:port/runtime/webhooks/durabletask), BATON_MODE ("rpc": the
// client's rpcBaseUrl mode; "urls": its management-URL templates, as a Functions host hands
// them over), BATON_KEY (the API key, urls mode), BATON_HUB, BATON_PREFIX (of instance ids).

const { DurableClient } = require("durable-functions/lib/src/durableClient/DurableClient");
const { EntityId } = require("durable-functions/lib/src/entities/EntityId");

const base = process.env.BATON_BASE;
const mode = process.env.BATON_MODE;
const key = process.env.BATON_KEY || "";
const hub = process.env.BATON_HUB;
const prefix = process.env.BATON_PREFIX;

function clientData() {
  if (mode === "rpc") {
    return { taskHubName: hub, creationUrls: {}, managementUrls: {}, rpcBaseUrl: base + "/" };
  }
  const query = `taskHub=${hub}&connection=Storage` + (key ? `&code=${key}` : "");
  const instance = `${base}/instances/INSTANCEID`;
  const start = `${base}/orchestrators/{functionName}[/{instanceId}]`;
  return {
    taskHubName: hub,
    creationUrls: {
      createNewInstancePostUri: `${start}?${query}`,
      createAndWaitOnNewInstancePostUri: `${start}?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: {
      id: "INSTANCEID",
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: key ? `code=${key}` : "",
  };
}

let step = "setup";

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls fn until done(result) holds, for 30 s at most. */
async function until(fn, done, what) {
  const deadline = Date.now() + 30000;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (done(last)) {
        return last;
      }
    } catch (e) {
      last = e.message;
    }
    check(Date.now() < deadline, `${what}: not reached in 30 s; last: ${JSON.stringify(last)}`);
    await sleep(50);
  }
}

async function rejects(promise, pattern, what) {
  try {
    await promise;
  } catch (e) {
    check(pattern.test(e.message), `${what}: unexpected error ${e.message}`);
    return;
  }
  throw new Error(`${what}: expected a rejection`);
}

const statusIs = (wanted) => (s) => s.runtimeStatus === wanted;

async function main() {
  const client = new DurableClient(clientData());
  const since = new Date(Date.now() - 60000);
  const id = (name) => `${prefix}${name}`;

  step = "start and status with history";
  same(await client.startNew("echo", { instanceId: id("echo"), input: { a: 1 } }), id("echo"), "id");
  const echo = await until(
    () => client.getStatus(id("echo"), { showHistory: true, showHistoryOutput: true, showInput: true }),
    statusIs("Completed"),
    "echo completes"
  );
  same(echo.output, { a: 1 }, "output");
  same(echo.input, { a: 1 }, "input");
  same(echo.name, "echo", "name");
  check(echo.createdTime instanceof Date && !isNaN(echo.createdTime), "createdTime is a date");
  const generated = await client.startNew("echo", { input: 2 });
  check(typeof generated === "string" && generated.length > 0, "a generated instance id");
  await rejects(client.startNew("no_such_orchestrator"), /400/, "an unknown orchestrator");
  await rejects(client.getStatus(id("nobody")), /404/, "an unknown instance");
  console.log("ok " + step);

  step = "raise event";
  await client.startNew("await_approval", { instanceId: id("approval") });
  await until(() => client.getStatus(id("approval")), statusIs("Running"), "approval runs");
  await client.raiseEvent(id("approval"), "approval", { ok: true });
  const approved = await until(() => client.getStatus(id("approval")), statusIs("Completed"), "approved");
  same(approved.output, { ok: true }, "event data");
  await client.raiseEvent(id("approval"), "approval", 1); // 410: finished, which the client accepts
  await rejects(client.raiseEvent(id("nobody"), "approval", 1), /No instance/, "an unknown instance");
  console.log("ok " + step);

  step = "suspend, resume, terminate";
  await client.startNew("wait_an_hour", { instanceId: id("wait") });
  await until(() => client.getStatus(id("wait")), statusIs("Running"), "wait runs");
  await client.suspend(id("wait"), "maintenance");
  await until(() => client.getStatus(id("wait")), statusIs("Suspended"), "suspended");
  await client.suspend(id("wait"), "again"); // 202 as Durable Functions answers
  await client.resume(id("wait"), "back");
  await until(() => client.getStatus(id("wait")), statusIs("Running"), "resumed");
  await client.resume(id("wait"), "again");
  await client.terminate(id("wait"), "stop&now 100%");
  const ended = await until(() => client.getStatus(id("wait")), statusIs("Terminated"), "terminated");
  same(ended.output, "stop&now 100%", "the unencoded reason");
  await client.terminate(id("wait"), "again"); // 410
  await client.suspend(id("wait"), "late"); // 410
  await rejects(client.terminate(id("nobody"), "x"), /No instance/, "an unknown instance");
  console.log("ok " + step);

  step = "rewind";
  await client.startNew("fail_once", { instanceId: id("rewind") });
  await until(() => client.getStatus(id("rewind")), statusIs("Failed"), "fails first");
  await client.rewind(id("rewind"), "retry");
  const rewound = await until(() => client.getStatus(id("rewind")), statusIs("Completed"), "rewound");
  same(rewound.output, "fine", "output after the rewind");
  await rejects(client.rewind(id("rewind"), "again"), /./, "a rewind of a completed instance");
  console.log("ok " + step);

  step = "query with paging";
  const pages = [];
  for (let i = 0; i < 130; i++) {
    pages.push(client.startNew("echo", { instanceId: id(`page-${i}`), input: i }));
  }
  await Promise.all(pages);
  const completed = await until(
    () => client.getStatusBy({ runtimeStatus: ["Completed"] }),
    (list) => list.filter((s) => s.instanceId.startsWith(id("page-"))).length === 130,
    "130 completed instances over two pages"
  );
  check(completed.every((s) => s.runtimeStatus === "Completed"), "only Completed instances");
  const all = await client.getStatusAll();
  check(all.length >= 135, `all instances: ${all.length}`);
  const none = await client.getStatusBy({ createdTimeFrom: new Date(Date.now() + 3600000) });
  same(none.length, 0, "instances created in the future");
  console.log("ok " + step);

  step = "purge one and many";
  same(await client.purgeInstanceHistory(id("echo")), { instancesDeleted: 1 }, "purged one");
  await rejects(client.getStatus(id("echo")), /404/, "the purged instance");
  const purged = await client.purgeInstanceHistoryBy({
    createdTimeFrom: since,
    createdTimeTo: new Date(),
    runtimeStatus: ["Terminated"],
  });
  same(purged, { instancesDeleted: 1 }, "purged by filter");
  await rejects(client.getStatus(id("wait")), /404/, "the terminated instance, purged");
  console.log("ok " + step);

  step = "entity signal and read";
  const counter = new EntityId("counter", id("k"));
  await client.signalEntity(counter, "add", 5);
  await client.signalEntity(counter, "add", 6);
  const state = await until(
    () => client.readEntityState(counter),
    (r) => r.entityExists && r.entityState === 11,
    "the counter reaches 11"
  );
  same(state.entityState, 11, "entity state");
  const missing = await client.readEntityState(new EntityId("counter", id("never")));
  check(!missing.entityExists, "an entity never signalled does not exist");
  console.log("ok " + step);

  console.log("ALL OK " + mode);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(`FAILED ${step}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
);
