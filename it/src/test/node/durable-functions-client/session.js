// Drives a dtk gateway with Microsoft's Durable Functions Node client, unchanged, the way a function
// app's code would: start and poll an orchestration, signal an entity and read its state.
// Usage: node session.js <base URL of .../runtime/webhooks/durabletask> <key>
// Prints one JSON object per line: {"step": ..., ...}; exits 1 on the first error.
"use strict";
const { DurableClient } = require("durable-functions/lib/src/durableClient/DurableClient");
const df = require("durable-functions");

const [base, key] = process.argv.slice(2);
const code = "code=" + encodeURIComponent(key);
const id = "INSTANCEID";
const client = new DurableClient({
    taskHubName: "dtk",
    creationUrls: {
        createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${code}`,
        createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
    },
    managementUrls: {
        id,
        statusQueryGetUri: `${base}/instances/${id}?${code}`,
        sendEventPostUri: `${base}/instances/${id}/raiseEvent/{eventName}?${code}`,
        terminatePostUri: `${base}/instances/${id}/terminate?reason={text}&${code}`,
        rewindPostUri: `${base}/instances/${id}/rewind?reason={text}&${code}`,
        purgeHistoryDeleteUri: `${base}/instances/${id}?${code}`,
        restartPostUri: `${base}/instances/${id}/restart?${code}`,
        suspendPostUri: `${base}/instances/${id}/suspend?reason={text}&${code}`,
        resumePostUri: `${base}/instances/${id}/resume?reason={text}&${code}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: code,
});

const print = (object) => console.log(JSON.stringify(object));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, read, done) {
    const deadline = Date.now() + 60000;
    for (;;) {
        const value = await read();
        if (done(value)) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`${what}: still ${JSON.stringify(value)} after 60 s`);
        }
        await sleep(100);
    }
}

async function main() {
    const instanceId = await client.startNew("HelloSequence", { instanceId: "node-hello-1", input: "Node" });
    const status = await until("HelloSequence", () => client.getStatus(instanceId),
        (s) => s.runtimeStatus === df.OrchestrationRuntimeStatus.Completed);
    print({ step: "orchestration", instanceId, runtimeStatus: status.runtimeStatus, output: status.output });

    const counter = new df.EntityId("Counter", "node-1");
    const missing = await client.readEntityState(counter);
    print({ step: "before", entityExists: missing.entityExists });
    await client.signalEntity(counter, "add", 5);
    await client.signalEntity(counter, "add", 37);
    const read = await until("Counter", () => client.readEntityState(counter),
        (r) => r.entityExists && r.entityState === 42);
    print({ step: "after", entityExists: read.entityExists, entityState: read.entityState });
    await client.signalEntity(counter, "delete");
    const deleted = await until("Counter delete", () => client.readEntityState(counter), (r) => !r.entityExists);
    print({ step: "deleted", entityExists: deleted.entityExists });
}

main().catch((error) => {
    print({ step: "error", message: String(error && error.stack || error) });
    process.exit(1);
});
