package io.loomsocket.differential;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/** Prints how to replay a failed property: its seed, ready for {@code @Property(seed = ...)}. */
public final class PrintSeedOnFailure implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
            PropertyExecutor property) throws Throwable {
        PropertyExecutionResult result = property.execute();
        if (result.status() == PropertyExecutionResult.Status.FAILED) {
            System.err.println("Replay " + context.label() + " with @Property(seed = \""
                    + result.seed().orElse("?") + "\")");
        }
        return result;
    }
}
