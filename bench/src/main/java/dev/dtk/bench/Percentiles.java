package dev.dtk.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples in microseconds, summarized as median, p99 and max in milliseconds. */
final class Percentiles {

    private final long[] sortedMicros;

    Percentiles(List<Long> micros) {
        this.sortedMicros = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    int count() {
        return sortedMicros.length;
    }

    double p(double percentile) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))] / 1000.0;
    }

    double max() {
        return sortedMicros.length == 0 ? Double.NaN : sortedMicros[sortedMicros.length - 1] / 1000.0;
    }

    @Override
    public String toString() {
        return String.format("p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms   (n=%d)", p(50), p(99), max(),
                sortedMicros.length);
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
