package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Imports a roster CSV (email, name, role). Each row is reported as created, skipped or rejected
 * with its line number; the valid rows are written in one transaction, so a failure leaves nothing
 * half-written. Imported people have no password: they claim the account by signing up.
 */
public final class RosterImport {
    public enum Outcome { CREATED, SKIPPED, REJECTED }

    public record Row(long line, String email, Outcome outcome, String message) {}

    public record Report(List<Row> rows, String fileError) {
        public long count(Outcome o) { return rows.stream().filter(r -> r.outcome() == o).count(); }
        public boolean fileRejected() { return fileError != null; }
        public long created() { return count(Outcome.CREATED); }
        public long skipped() { return count(Outcome.SKIPPED); }
        public long rejected() { return count(Outcome.REJECTED); }
    }

    static final int MAX_ROWS = 5000;

    private final Jdbi jdbi;
    private final Clock clock;

    public RosterImport(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Report run(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            return new Report(List.of(), "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again.");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isBlank()) return new Report(List.of(), "The file is empty. Expected a header line: email,name,role");

        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            Set<String> header = new HashSet<>();
            parser.getHeaderNames().forEach(h -> header.add(h.trim().toLowerCase(Locale.ROOT)));
            if (!header.containsAll(List.of("email", "name", "role"))) {
                return new Report(List.of(), "Line 1: the header must name the columns email, name and role (found: "
                        + String.join(", ", parser.getHeaderNames()) + ").");
            }
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            return new Report(List.of(), CsvProblem.describe(e));
        }
        if (records.size() > MAX_ROWS) return new Report(List.of(), "The roster has " + records.size()
                + " rows; at most " + MAX_ROWS + " can be imported at once.");

        List<Row> rows = new ArrayList<>();
        List<String[]> toCreate = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        UserStore users = new UserStore(jdbi);
        for (CSVRecord r : records) {
            long line = r.getRecordNumber() + 1; // the header is line 1
            String email = UserStore.normalizeEmail(field(r, "email"));
            String name = Names.clean(field(r, "name"));
            String roleText = field(r, "role").trim();
            if (!r.isConsistent()) {
                rows.add(new Row(line, email, Outcome.REJECTED, "expected 3 columns (email, name, role), found " + r.size()));
            } else if (email.length() > AccountService.MAX_EMAIL) {
                rows.add(new Row(line, shortened(email), Outcome.REJECTED, "the email address is " + email.length()
                        + " characters; an address has at most " + AccountService.MAX_EMAIL + " characters"));
            } else if (!AccountService.EMAIL.matcher(email).matches()) {
                rows.add(new Row(line, email, Outcome.REJECTED, "'" + field(r, "email") + "' is not a valid email address"));
            } else if (name.isEmpty() || name.length() > AccountService.MAX_NAME) {
                rows.add(new Row(line, email, Outcome.REJECTED, "the name is missing or longer than " + AccountService.MAX_NAME + " characters"));
            } else if (!seen.add(email)) {
                rows.add(new Row(line, email, Outcome.REJECTED, "this email appears earlier in the file"));
            } else {
                Role role;
                try {
                    role = roleText.isEmpty() ? Role.STUDENT : Role.parse(roleText);
                } catch (IllegalArgumentException e) {
                    rows.add(new Row(line, email, Outcome.REJECTED, e.getMessage()));
                    continue;
                }
                if (role == Role.ADMIN) {
                    rows.add(new Row(line, email, Outcome.REJECTED, "admins are named by an admin on the Users page, not by roster"));
                } else if (users.byEmail(email).isPresent()) {
                    rows.add(new Row(line, email, Outcome.SKIPPED, "already has an account"));
                } else {
                    rows.add(new Row(line, email, Outcome.CREATED, "created as " + role.label()));
                    toCreate.add(new String[]{email, name, role.name()});
                }
            }
        }
        jdbi.useTransaction(h -> {
            for (String[] c : toCreate) UserStore.insert(h, c[0], c[1], null, Role.valueOf(c[2]), clock.instant());
        });
        return new Report(rows, null);
    }

    /** The start of an over-long address, enough to find the row in the file. */
    private static String shortened(String email) {
        return email.substring(0, 40) + "…";
    }

    private static String field(CSVRecord r, String name) {
        for (String h : r.getParser().getHeaderNames()) {
            if (h.trim().equalsIgnoreCase(name) && r.isSet(h)) return r.get(h);
        }
        return "";
    }
}
