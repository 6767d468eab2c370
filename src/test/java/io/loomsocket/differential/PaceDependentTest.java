package io.loomsocket.differential;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which differing results a peer's pace can explain: how far a failed call got, nothing else. */
class PaceDependentTest {
    @Test
    void aPartialThatIsAPrefixOfTheOtherOrAnotherIndex() {
        assertTrue(PaceDependent.only("nil, \"timeout\", \"xx\"", "nil, \"timeout\", \"x\""));
        assertTrue(PaceDependent.only("nil, \"timeout\", \"\"", "nil, \"timeout\", \"a\\n\""));
        assertTrue(PaceDependent.only("nil, \"timeout\", 8000", "nil, \"timeout\", 12000"));
        String big = "#800091:2e14ee0a:\"aaaaaaaaaaaaaaaaaaaaaaaa\"";
        assertTrue(PaceDependent.only("nil, \"timeout\", " + big,
                "nil, \"timeout\", #1600182:1234abcd:\"aaaaaaaaaaaaaaaaaaaaaaaa\""));
        assertTrue(PaceDependent.only("nil, \"timeout\", \"aaa\"", "nil, \"timeout\", " + big));
    }

    @Test
    void aCloseThatCameAsAnEndOrAsAResetWithTheSameBytes() {
        assertTrue(PaceDependent.onlyTheEnd("\"\", eof", "\"\", reset"));
        assertTrue(PaceDependent.onlyTheEnd("\"abc\", reset", "\"abc\", eof"));
        assertFalse(PaceDependent.onlyTheEnd("\"abc\", eof", "\"ab\", reset"), "other bytes");
        assertFalse(PaceDependent.onlyTheEnd("\"\", eof", "\"\", open"), "still open");
        assertFalse(PaceDependent.onlyTheEnd("\"\", eof", "\"\", closed here"));
    }

    @Test
    void anythingElseIsAResult() {
        assertFalse(PaceDependent.only("nil, \"timeout\", \"x\"", "nil, \"timeout\", \"x\""),
                "the same");
        assertFalse(PaceDependent.only("nil, \"timeout\", \"xy\"", "nil, \"timeout\", \"xz\""),
                "not a prefix");
        assertFalse(PaceDependent.only("nil, \"closed\", \"x\"", "nil, \"timeout\", \"xx\""),
                "another message");
        assertFalse(PaceDependent.only("\"xxxxx\"", "nil, \"timeout\", \"xxx\""),
                "a success against a failure");
        assertFalse(PaceDependent.only("nil, \"timeout\", \"x\"", "nil, \"timeout\", 1"),
                "a partial against an index");
        assertFalse(PaceDependent.only("nil, \"timeout\", \"x\", 3", "nil, \"timeout\", \"xx\", 3"),
                "more values than a failure's three");
    }
}
