package io.loomsocket.soak;

/** An outcome that the scenario did not provoke, raised where it is found. */
final class Unexpected extends Exception {
    private static final long serialVersionUID = 1L;

    Unexpected(String message) {
        super(message, null, false, false);
    }
}
