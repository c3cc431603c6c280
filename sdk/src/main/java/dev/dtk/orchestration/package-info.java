/**
 * The Java API for writing orchestrations, close to durabletask-java and Azure Durable Functions:
 * an {@link dev.dtk.orchestration.Orchestrator} receives an {@link dev.dtk.orchestration.OrchestrationContext}
 * and schedules durable {@link dev.dtk.orchestration.Task}s through it. Orchestrator code is replayed
 * from the start on every step, so it must be deterministic: time, IDs and all outside data come
 * through the context.
 */
package dev.dtk.orchestration;
