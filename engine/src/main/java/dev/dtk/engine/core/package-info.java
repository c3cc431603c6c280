/**
 * The pure core of the engine: the state machine of an orchestration instance and the
 * deterministic replay of orchestrator code. No Kafka, no clock, no I/O: the Kafka Streams shell
 * hands {@link dev.dtk.engine.core.InstanceStepper#apply} the stored {@link dev.dtk.engine.core.InstanceState},
 * one {@link dev.dtk.engine.core.Inbound} input and the time of the record, and writes back what the
 * {@link dev.dtk.engine.core.StepResult} says: the new state, {@link dev.dtk.engine.core.Outbound} records,
 * {@link dev.dtk.engine.core.TimerChange}s and the status.
 *
 * <p>How a step works: the input is checked against the instance (stale, duplicate and unknown
 * results and timers are ignored; commands for unknown instances are refused), becomes a
 * {@link dev.dtk.engine.core.HistoryEvent}, and is appended to the history after an
 * {@code OrchestratorStarted} event carrying the step's time. Then the orchestrator code runs from
 * the start over the whole history ({@code internal.replay}): finished tasks return their recorded
 * results, each action the code produces is checked against the action recorded under the same
 * sequence number, and the first {@code await()} on an unfinished task takes further events, one
 * at a time, until the task finishes or the history is exhausted (then the run suspends). Actions
 * the history does not know yet are recorded and executed. Timers already due and activities on
 * unknown queues complete at once, in another round of the same step; {@code continueAsNew}
 * starts the next generation in the same step too.
 */
package dev.dtk.engine.core;
