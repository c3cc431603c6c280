package dev.dtk.samples.entities;

import dev.dtk.entity.EntityId;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the aggregates of the {@link Device}s named in its input (a list of device IDs) in parallel
 * and sums them up: how many devices reported, how many readings, their average and extremes.
 */
public final class DeviceReport implements Orchestrator {

    public static final String NAME = "DeviceReport";

    /** The report: {@code devices} that have readings, out of those asked for. */
    public record Report(int asked, int devices, long readings, double average, Double min, Double max) {
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        String[] ids = ctx.getInput(String[].class);
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("DeviceReport needs a list of device IDs");
        }
        List<Task<Device.Readings>> reads = new ArrayList<>();
        for (String id : ids) {
            reads.add(ctx.callEntity(EntityId.of(Device.NAME, id), "get", null, Device.Readings.class));
        }
        int devices = 0;
        long readings = 0;
        double sum = 0;
        Double min = null;
        Double max = null;
        for (Device.Readings r : ctx.allOf(reads).await()) {
            if (r == null || r.count() == 0) {
                continue;
            }
            devices++;
            readings += r.count();
            sum += r.sum();
            min = min == null ? r.min() : Math.min(min, r.min());
            max = max == null ? r.max() : Math.max(max, r.max());
        }
        return new Report(ids.length, devices, readings, readings == 0 ? 0 : sum / readings, min, max);
    }
}
