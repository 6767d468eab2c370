/**
 * The transport over JDK channels and the waiting under it: reads and writes tried on the
 * caller's thread, waits for readiness when the kernel would block, deadlines, and the Linux
 * behaviours of a shut input that the JDK does not pass through. It implements the engine's
 * {@code Transport} and does not know the socket object above it. Not API.
 */
package io.loomsocket.internal.transport;
