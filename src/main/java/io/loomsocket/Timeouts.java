package io.loomsocket;

/**
 * {@code gettimeout()}: the block and total timeouts in seconds, as they were set; any negative
 * value (a fresh object has -1 for both) means no limit.
 *
 * @param block the block timeout in seconds
 * @param total the total timeout in seconds
 */
public record Timeouts(double block, double total) {}
