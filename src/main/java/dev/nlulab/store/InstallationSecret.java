package dev.nlulab.store;

import org.jdbi.v3.core.Jdbi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * This installation's random secret: made once on first use, kept in the database so that every server shares
 * it. Each use signs with its own key derived from it (HMAC-SHA256 of the use's name), so a key that leaks from
 * one use says nothing of the others, and nothing that knows only user ids can recompute what it signs.
 */
public final class InstallationSecret {
    private final byte[] secret;

    private InstallationSecret(byte[] secret) {
        this.secret = secret;
    }

    /** The installation's secret, made now if this database has none yet (two servers starting at once make one). */
    public static InstallationSecret of(Jdbi jdbi) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String stored = jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO installation_secrets (name, secret) VALUES ('installation', :s) ON CONFLICT DO NOTHING")
                    .bind("s", Base64.getEncoder().encodeToString(fresh)).execute();
            return h.createQuery("SELECT secret FROM installation_secrets WHERE name = 'installation'").mapTo(String.class).one();
        });
        return new InstallationSecret(Base64.getDecoder().decode(stored));
    }

    /** HMAC-SHA256 of {@code message} under the key of {@code use} (e.g. "leaderboard-pseudonym"). */
    public byte[] sign(String use, String message) {
        return hmac(hmac(secret, use), message);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
