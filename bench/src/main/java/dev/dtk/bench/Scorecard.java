package dev.dtk.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The headline figures of a bench run against their targets, printed last as one table. A ratio of 1 or
 * more means the target is met, whichever way the target points: for "at most" targets it is target ÷
 * measured, for "at least" ones measured ÷ target. An "at most" figure measured as 0 (a timer fired within
 * the millisecond it was due) has no finite ratio: it shows as ∞.
 */
final class Scorecard {

    /** Which way a target points. */
    enum Goal { AT_MOST, AT_LEAST }

    private record Figure(String name, double measured, String unit, Goal goal, double target, String setup,
            String limit) {

        double ratio() {
            return goal == Goal.AT_MOST ? target / measured : measured / target;
        }
    }

    private final List<Figure> figures = new ArrayList<>();

    /**
     * Records a figure; {@code setup} says what it was measured with (instances, pending timers...),
     * {@code limit} what this run's profile or parts say limits it (shown when the target is missed).
     */
    void record(String name, double measured, String unit, Goal goal, double target, String setup, String limit) {
        if (!Double.isNaN(measured)) {
            figures.add(new Figure(name, measured, unit, goal, target, setup, limit));
        }
    }

    boolean isEmpty() {
        return figures.isEmpty();
    }

    void print(PrintStream out) {
        out.println();
        out.println("| figure (setup) | dtk | target | ratio to target | met | what limits it (this run) |");
        out.println("|---|---|---|---|---|---|");
        for (Figure f : figures) {
            boolean met = f.ratio() >= 1;
            out.printf("| %s (%s) | %s %s | %s %s %s | %s | %s | %s |%n", f.name(), f.setup(), number(f.measured()),
                    f.unit(), f.goal() == Goal.AT_MOST ? "≤" : "≥", number(f.target()), f.unit(),
                    Double.isInfinite(f.ratio()) ? "∞" : String.format("%.2f", f.ratio()),
                    met ? "yes" : "no", met ? "" : f.limit());
        }
    }

    private static String number(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }
}
