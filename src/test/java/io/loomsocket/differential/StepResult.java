package io.loomsocket.differential;

import java.util.List;

/**
 * What one implementation answered to one step.
 *
 * @param elapsed seconds the call took
 * @param delayed seconds of it that the thread making the call spent ready to run but waiting
 *     for a processor ({@link RunQueueDelay}); 0 when unknown
 * @param result the canonical result ({@link Canonical})
 * @param toleranced values compared within a tolerance, in the order of the {@code ~} markers
 */
record StepResult(double elapsed, double delayed, String result, List<Double> toleranced) {
    static StepResult of(double elapsed, double delayed, String result) {
        return new StepResult(elapsed, delayed, result, List.of());
    }
}
