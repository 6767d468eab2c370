package io.loomsocket.differential;

import java.util.List;

/**
 * What one implementation answered to one step.
 *
 * @param elapsed seconds the call took
 * @param result the canonical result ({@link Canonical})
 * @param toleranced values compared within a tolerance, in the order of the {@code ~} markers
 */
record StepResult(double elapsed, String result, List<Double> toleranced) {
    static StepResult of(double elapsed, String result) {
        return new StepResult(elapsed, result, List.of());
    }
}
