package io.loomsocket.bench;

/** Finds an in-process contender by its key, for {@link ChildProcess#main}. */
final class Scenarios {
    private Scenarios() {}

    static Contender inProcess(String key, Config cfg) {
        Contender c = PingPong.inProcess(key, cfg);
        if (c == null) {
            throw new IllegalArgumentException("no contender " + key);
        }
        return c;
    }
}
