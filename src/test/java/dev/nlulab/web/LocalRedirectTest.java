package dev.nlulab.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where sign-in may send a browser back to: a path of this site, never another origin. */
class LocalRedirectTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "//evil.example/x", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "\t//evil.example",
            "/\\evil.example", "\\\\evil.example", "/%5Cevil.example", "/%2F/evil.example", "/%2f%2fevil.example",
            "https://evil.example/", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "evil.example", "",
            " /course", "/course ", "/\u0000/evil.example", "/\u00a0/evil.example", "/\u3000/evil.example",
            "/../evil", "/%2e%2e//evil.example", "/./x", "http:/evil.example", "/x\u007f"})
    void refusesAnythingThatIsNotAPlainPathOfThisSite(String next) {
        assertThat(LocalRedirect.target(next)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/course", "/lessons/retrieval/02-bm25", "/search?q=bm25+okapi", "/search?q=%C3%BCber&x=1",
            "/labs/qa-lora/leaderboard"})
    void keepsAPathOfThisSiteWithItsQuery(String next) {
        assertThat(LocalRedirect.target(next)).isEqualTo(next);
    }

    @org.junit.jupiter.api.Test
    void nullGoesHome() {
        assertThat(LocalRedirect.target(null)).isEqualTo("/");
    }
}
