package dev.dtk.samples;

import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.samples.approval.ApprovalWorkflow;
import dev.dtk.samples.phone.SendSmsChallenge;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.worker.ActivityRegistry;
import dev.dtk.worker.sms.SmsSender;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The orchestrators and activities of the samples, as one engine and one worker register them. */
public final class SampleApp {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApp.class);

    private SampleApp() {
    }

    /** The samples' orchestrators with their default windows (phone verification 90 s, approval 72 h). */
    public static OrchestratorRegistry.Builder orchestrators() {
        return orchestrators(SmsPhoneVerification.DEFAULT_WINDOW, ApprovalWorkflow.DEFAULT_TIMEOUT);
    }

    public static OrchestratorRegistry.Builder orchestrators(Duration smsWindow, Duration approvalTimeout) {
        return OrchestratorRegistry.builder()
                .register(HelloSequence.NAME, new HelloSequence())
                .register(FanOutFanIn.NAME, new FanOutFanIn())
                .register(EternalCounter.NAME, new EternalCounter())
                .register(SmsPhoneVerification.NAME, new SmsPhoneVerification(smsWindow))
                .register(ApprovalWorkflow.NAME, new ApprovalWorkflow(approvalTimeout));
    }

    /** Activities that run on a queue of their own instead of the default queue. */
    public static Map<String, String> routes() {
        return Map.of(SendSmsChallenge.NAME, SendSmsChallenge.QUEUE);
    }

    /** Every sample activity but the SMS one (which needs an {@link SmsSender}). */
    public static ActivityRegistry.Builder activities() {
        return ActivityRegistry.builder()
                .register(SayHello.NAME, new SayHello())
                .register(FanOutFanIn.SQUARE, ctx -> {
                    long i = ctx.getInput(Long.class);
                    return i * i;
                })
                .register(EternalCounter.INCREMENT, ctx -> ctx.getInput(Long.class) + 1)
                .register(ApprovalWorkflow.REQUEST_APPROVAL, ctx -> {
                    LOG.info("instance {}: approval requested", ctx.getInstanceId());
                    return null;
                })
                .register(ApprovalWorkflow.ESCALATE, ctx -> {
                    LOG.info("instance {}: approval escalated, no answer in time", ctx.getInstanceId());
                    return null;
                });
    }

    /** Every sample activity, SMS through {@code sms}. */
    public static ActivityRegistry.Builder activities(SmsSender sms) {
        return activities().register(SendSmsChallenge.NAME, new SendSmsChallenge(sms));
    }
}
