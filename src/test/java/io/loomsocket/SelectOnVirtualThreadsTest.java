package io.loomsocket;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SelectTest} again with the select on a virtual thread: it then waits as the waiter of
 * every socket's wait slot at once, where a platform thread waits in a selector of its own.
 */
@ExtendWith(OnVirtualThread.class)
class SelectOnVirtualThreadsTest extends SelectTest {
}
