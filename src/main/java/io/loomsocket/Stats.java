package io.loomsocket;

/**
 * {@code getstats()}: bytes consumed from the receive buffer, bytes sent, and the object's age.
 *
 * @param received bytes moved out of the receive buffer, into results or partials
 * @param sent bytes the kernel accepted, including those of sends that later failed
 * @param age seconds since the object was created (or since the age setstats gave)
 */
public record Stats(long received, long sent, double age) {}
