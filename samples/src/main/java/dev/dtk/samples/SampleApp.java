package dev.dtk.samples;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.DtkApp;
import dev.dtk.samples.approval.ApprovalWorkflow;
import dev.dtk.samples.entities.Account;
import dev.dtk.samples.entities.Counter;
import dev.dtk.samples.entities.Device;
import dev.dtk.samples.entities.DeviceReport;
import dev.dtk.samples.entities.Transfer;
import dev.dtk.samples.http.CallHttpWithToken;
import dev.dtk.samples.http.CheckSiteAvailable;
import dev.dtk.samples.http.StartRemoteOrchestration;
import dev.dtk.samples.phone.SendSmsChallenge;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.sms.SmsSender;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples as one app: what {@code dtk dev} runs without {@code --app}. Settings:
 * {@code DTK_SMS_WINDOW_SECONDS} (phone verification, default 90) and
 * {@code DTK_APPROVAL_TIMEOUT_HOURS} (approval, default 72).
 */
public final class SampleApp implements DtkApp {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApp.class);

    @Override
    public void register(AppBuilder app) {
        Duration window = Duration.ofSeconds(positive(app, "DTK_SMS_WINDOW_SECONDS",
                SmsPhoneVerification.DEFAULT_WINDOW.toSeconds()));
        Duration approval = Duration.ofHours(positive(app, "DTK_APPROVAL_TIMEOUT_HOURS",
                ApprovalWorkflow.DEFAULT_TIMEOUT.toHours()));
        app.orchestrator(HelloSequence.NAME, new HelloSequence())
                .orchestrator(FanOutFanIn.NAME, new FanOutFanIn())
                .orchestrator(HelloSubOrchestrations.NAME, new HelloSubOrchestrations())
                .orchestrator(EternalCounter.NAME, new EternalCounter())
                .orchestrator(SmsPhoneVerification.NAME, new SmsPhoneVerification(window))
                .orchestrator(ApprovalWorkflow.NAME, new ApprovalWorkflow(approval))
                .orchestrator(CheckSiteAvailable.NAME, new CheckSiteAvailable())
                .orchestrator(CallHttpWithToken.NAME, new CallHttpWithToken())
                .orchestrator(StartRemoteOrchestration.NAME, new StartRemoteOrchestration())
                .activity(SayHello.NAME, new SayHello())
                .activity(FanOutFanIn.SQUARE, ctx -> {
                    long i = ctx.getInput(Long.class);
                    return i * i;
                })
                .activity(EternalCounter.INCREMENT, ctx -> ctx.getInput(Long.class) + 1)
                .activity(ApprovalWorkflow.REQUEST_APPROVAL, ctx -> {
                    LOG.info("instance {}: approval requested", ctx.getInstanceId());
                    return null;
                })
                .activity(ApprovalWorkflow.ESCALATE, ctx -> {
                    LOG.info("instance {}: approval escalated, no answer in time", ctx.getInstanceId());
                    return null;
                })
                .activity(SendSmsChallenge.NAME, SendSmsChallenge.QUEUE, new SendSmsChallenge(new LazySms(app)))
                .entity(Counter.NAME, Counter.ENTITY)
                .entity(Account.NAME, Account::new)
                .orchestrator(Transfer.NAME, new Transfer())
                .entity(Device.NAME, Device.ENTITY)
                .orchestrator(DeviceReport.NAME, new DeviceReport());
    }

    @Override
    public String name() {
        return "dtk samples";
    }

    private static long positive(AppBuilder app, String name, long defaultValue) {
        String value = app.setting(name).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    /** Asks the app for its SMS sender only when a message is sent, so that engines never need one. */
    private record LazySms(AppBuilder app) implements SmsSender {
        @Override
        public void send(String to, String body) {
            app.sms().send(to, body);
        }

        @Override
        public boolean wasSent(String to, String body, java.time.Instant since) {
            return app.sms().wasSent(to, body, since);
        }
    }
}
