package dev.nlulab.accounts;

import dev.nlulab.identity.Tokens;
import dev.nlulab.store.InstallationSecret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Device cookies (as OWASP describes them against lock-out): a browser that signed in to an account carries a
 * token naming the account and the browser, signed with a key of this installation. A sign-in from such a browser
 * is not held back by failures others made, so guessing at a student's password cannot lock her out before a
 * deadline; its own failures are throttled per browser.
 */
final class DeviceCookies {
    static final String COOKIE = "nlulab_device";
    private static final String USE = "device-cookie";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final InstallationSecret secret;

    DeviceCookies(InstallationSecret secret) {
        this.secret = secret;
    }

    /** A new token for a browser that just signed in to {@code userId}: "user.browser.signature". */
    String issue(long userId) {
        String body = userId + "." + Tokens.secret().substring(0, 22);
        return body + "." + signature(body);
    }

    /** The browser's id when {@code token} is this installation's token for {@code userId}; null for anything else. */
    String deviceOf(String token, long userId) {
        if (token == null || token.length() > 200) return null;
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals(Long.toString(userId))) return null;
        String body = parts[0] + "." + parts[1];
        boolean signed = MessageDigest.isEqual(signature(body).getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII));
        return signed ? parts[1] : null;
    }

    private String signature(String body) {
        return B64.encodeToString(secret.sign(USE, body));
    }
}
