package io.loomsocket;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs each test method of a class on a virtual thread of its own: the code under test then
 * takes its virtual-thread paths (waits through the poller), where JUnit's own thread, a
 * platform thread, takes the platform ones.
 */
final class OnVirtualThread implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread test = Thread.ofVirtual().name("test-on-virtual-thread").start(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        test.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
