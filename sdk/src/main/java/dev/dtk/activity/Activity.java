package dev.dtk.activity;

/**
 * An activity: the unit of work an orchestration schedules with {@code callActivity}. It may run
 * more than once for the same task (execution is at-least-once, as in Durable Functions), so make
 * its side effects idempotent or tolerant of repetition.
 *
 * <p>The returned value becomes the task's JSON output ({@code null} is allowed); a thrown exception
 * becomes the task's failure, with the exception's type, message and stack trace.
 */
@FunctionalInterface
public interface Activity {

    Object run(ActivityContext ctx) throws Exception;
}
