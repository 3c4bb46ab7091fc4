package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RosterImportTest {
    private Database db;
    private AccountService accounts;
    private RosterImport roster;

    @BeforeEach
    void open() {
        db = TestDatabases.h2();
        accounts = new AccountService(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
        roster = new RosterImport(db.jdbi(), Clock.systemUTC());
        accounts.createFirstAdmin("prof@uni.edu", "Prof", "correct-horse-battery");
    }

    @AfterEach
    void close() { db.close(); }

    @Test
    void reportsEveryRowWithItsLineAndCreatesOnlyTheGoodOnes() {
        String csv = "\uFEFFemail,name,role\n"
                + "ada@uni.edu,Ada Lovelace,student\n"
                + "bad-email,Bob,student\n"
                + "prof@uni.edu,Prof,instructor\n"
                + "ada@uni.edu,Ada Again,student\n"
                + "grace@uni.edu,Grace Hopper,instructor\n"
                + "eve@uni.edu,Eve,overlord\n"
                + "mallory@uni.edu,,student\n"
                + "root@uni.edu,Root,admin\n";
        RosterImport.Report r = roster.run(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(r.fileRejected()).isFalse();
        assertThat(r.rows()).extracting(RosterImport.Row::line, RosterImport.Row::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, RosterImport.Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple(3L, RosterImport.Outcome.REJECTED),
                org.assertj.core.groups.Tuple.tuple(4L, RosterImport.Outcome.SKIPPED),
                org.assertj.core.groups.Tuple.tuple(5L, RosterImport.Outcome.REJECTED),
                org.assertj.core.groups.Tuple.tuple(6L, RosterImport.Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple(7L, RosterImport.Outcome.REJECTED),
                org.assertj.core.groups.Tuple.tuple(8L, RosterImport.Outcome.REJECTED),
                org.assertj.core.groups.Tuple.tuple(9L, RosterImport.Outcome.REJECTED));
        assertThat(r.rows().get(1).message()).contains("not a valid email");
        assertThat(r.rows().get(3).message()).contains("earlier in the file");
        assertThat(r.rows().get(5).message()).contains("unknown role 'overlord'");
        assertThat(accounts.users().byEmail("grace@uni.edu")).get().extracting(User::role).isEqualTo(Role.INSTRUCTOR);
        assertThat(accounts.users().all()).hasSize(3);
    }

    @Test
    void rosterPeopleClaimTheirAccountBySigningUp() {
        roster.run("email,name,role\nada@uni.edu,Ada,student\n".getBytes(StandardCharsets.UTF_8));
        String code = accounts.invites().rotate(1);
        User u = accounts.signUp("ada@uni.edu", "Ada L.", "correct-horse-battery", code);
        assertThat(u.displayName()).isEqualTo("Ada L.");
        assertThat(accounts.users().all()).hasSize(2);
    }

    @Test
    void wholeFileProblemsRejectTheFileAndWriteNothing() {
        byte[] latin1 = "email,name,role\nzoe@uni.edu,Zo\u00eb,student\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(roster.run(latin1).fileError()).contains("not UTF-8");
        assertThat(roster.run("email;name;role\nx@uni.edu;X;student\n".getBytes(StandardCharsets.UTF_8)).fileError())
                .contains("Line 1").contains("email, name and role");
        assertThat(roster.run(new byte[0]).fileError()).contains("empty");
        assertThat(roster.run("email,name\nx@uni.edu,X\n".getBytes(StandardCharsets.UTF_8)).fileError()).contains("header");
        assertThat(accounts.users().all()).hasSize(1);
    }

    @Test
    void aRowWithTooFewColumnsIsRejectedWithItsLine() {
        RosterImport.Report r = roster.run("email,name,role\nx@uni.edu\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.rows()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.outcome()).isEqualTo(RosterImport.Outcome.REJECTED);
            assertThat(row.message()).contains("expected 3 columns");
        });
    }

    @Test
    void anEmailOver320CharactersRejectsItsRowAndTheOthersAreImported() {
        String longEmail = "a".repeat(60) + "@" + "b".repeat(300) + ".edu";
        RosterImport.Report r = roster.run(("email,name,role\nada@uni.edu,Ada,student\n" + longEmail + ",Long,student\n"
                + "bob@uni.edu,Bob,student\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.fileRejected()).isFalse();
        assertThat(r.rows()).extracting(RosterImport.Row::line, RosterImport.Row::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, RosterImport.Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple(3L, RosterImport.Outcome.REJECTED),
                org.assertj.core.groups.Tuple.tuple(4L, RosterImport.Outcome.CREATED));
        assertThat(r.rows().get(1).message()).contains("at most 320 characters");
        assertThat(r.rows().get(1).email().length()).as("the report does not echo the whole address").isLessThan(100);
        assertThat(accounts.users().byEmail("bob@uni.edu")).isPresent();
    }

    @Test
    void controlCharactersAreStrippedFromNames() {
        roster.run("email,name,role\nada@uni.edu,\"Ada\u0007 Love\u0000lace\u202e\tX\",student\n".getBytes(StandardCharsets.UTF_8));
        assertThat(accounts.users().byEmail("ada@uni.edu")).get().extracting(User::displayName).isEqualTo("Ada Lovelace X");
    }

    @Test
    void aCsvSyntaxErrorSaysWhichLineAndWhatIsWrongInPlainWords() {
        String unclosed = roster.run("email,name,role\nada@uni.edu,Ada,student\nbob@uni.edu,\"Bob,student\neve@uni.edu,Eve,student\n"
                .getBytes(StandardCharsets.UTF_8)).fileError();
        assertThat(unclosed).startsWith("Line 3:").contains("quote").doesNotContain("Exception").doesNotContain("encapsulated");
        String stray = roster.run("email,name,role\nada@uni.edu,Ada,student\nbob@uni.edu,\"Bob\"by,student\n"
                .getBytes(StandardCharsets.UTF_8)).fileError();
        assertThat(stray).startsWith("Line 3:").contains("closing quote").doesNotContain("Exception").doesNotContain("encapsulated");
        assertThat(accounts.users().all()).hasSize(1);
    }
}
