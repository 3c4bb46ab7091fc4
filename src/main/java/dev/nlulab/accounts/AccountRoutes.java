package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import dev.nlulab.web.Feature;
import dev.nlulab.web.LocalRedirect;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pages for signing up, in and out, the first set-up, invite codes, the roster and roles. */
public final class AccountRoutes implements Feature {
    static final int MAX_ROSTER_BYTES = 2 * 1024 * 1024;

    private final AccountService accounts;
    private final SetupTokens setupTokens;
    private final RosterImport roster;
    private final long sessionSeconds;

    public AccountRoutes(AccountService accounts, SetupTokens setupTokens, RosterImport roster, long sessionSeconds) {
        this.accounts = accounts;
        this.setupTokens = setupTokens;
        this.roster = roster;
        this.sessionSeconds = sessionSeconds;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("People", "/instructor/people", Role.INSTRUCTOR, 80),
                new NavItem("Users", "/admin/users", Role.ADMIN, 90));
    }

    @Override
    public void routes(Router r) {
        r.get("/login", Role.ANYONE, ctx -> Web.render(ctx, "login", Map.of("next", LocalRedirect.target(ctx.queryParam("next")))));
        r.post("/login", Role.ANYONE, this::login);
        r.get("/signup", Role.ANYONE, ctx -> Web.render(ctx, "signup", Map.of("form", Map.of())));
        r.post("/signup", Role.ANYONE, this::signup);
        r.post("/logout", Role.STUDENT, this::logout);
        r.get("/setup/{token}", Role.ANYONE, this::setupPage);
        r.post("/setup/{token}", Role.ANYONE, this::setup);
        r.get("/instructor/people", Role.INSTRUCTOR, this::people);
        r.post("/instructor/invites/rotate", Role.INSTRUCTOR, this::rotateInvite);
        r.post("/instructor/roster", Role.INSTRUCTOR, this::importRoster);
        r.get("/admin/users", Role.ADMIN, ctx -> Web.render(ctx, "admin-users", Map.of("users", accounts.users().all(), "roles", List.of(Role.STUDENT, Role.INSTRUCTOR, Role.ADMIN))));
        r.post("/admin/users/{id}/role", Role.ADMIN, this::changeRole);
    }

    private void login(Context ctx) {
        String email = ctx.formParam("email");
        String next = LocalRedirect.target(ctx.formParam("next"));
        try {
            Session s = accounts.signIn(email, ctx.formParam("password"), ctx.ip());
            startSession(ctx, s);
            ctx.redirect(next);
        } catch (AccountService.Throttled t) {
            ctx.status(429).header("Retry-After", String.valueOf(t.retryAfter().toSeconds()));
            Web.render(ctx, "login", Map.of("next", next, "email", nz(email), "error", t.getMessage()));
        } catch (FieldErrors e) {
            ctx.status(422);
            Web.render(ctx, "login", Map.of("next", next, "email", nz(email), "error", e.byField().values().iterator().next()));
        }
    }

    private void signup(Context ctx) {
        Map<String, String> form = form(ctx, "email", "name", "invite");
        try {
            User u = accounts.signUp(form.get("email"), form.get("name"), ctx.formParam("password"), form.get("invite"));
            startSession(ctx, accounts.sessions().open(u));
            Web.flash(ctx, "Welcome to NLU Lab, " + u.displayName() + ".");
            ctx.redirect("/");
        } catch (FieldErrors e) {
            ctx.status(422);
            Web.render(ctx, "signup", Map.of("form", form, "errors", e.byField()));
        }
    }

    private void logout(Context ctx) {
        accounts.sessions().close(ctx.cookie(Web.SESSION_COOKIE));
        ctx.removeCookie(Web.SESSION_COOKIE, "/");
        ctx.redirect("/login");
    }

    private void setupPage(Context ctx) {
        if (!setupTokens.valid(ctx.pathParam("token"))) throw new NotFoundResponse("This set-up link is not valid or was already used.");
        Web.render(ctx, "setup", Map.of("token", ctx.pathParam("token"), "form", Map.of()));
    }

    private void setup(Context ctx) {
        String token = ctx.pathParam("token");
        if (!setupTokens.valid(token)) throw new NotFoundResponse("This set-up link is not valid or was already used.");
        Map<String, String> form = form(ctx, "email", "name");
        try {
            User u = accounts.createFirstAdmin(form.get("email"), form.get("name"), ctx.formParam("password"));
            setupTokens.consume();
            accounts.invites().rotate(u.id());
            startSession(ctx, accounts.sessions().open(u));
            Web.flash(ctx, "NLU Lab is set up. Share the invite code below with your students.");
            ctx.redirect("/instructor/people");
        } catch (FieldErrors e) {
            ctx.status(422);
            Web.render(ctx, "setup", Map.of("token", token, "form", form, "errors", e.byField()));
        }
    }

    private void people(Context ctx) {
        Web.render(ctx, "people", Map.of("invite", accounts.invites().active().orElse(""),
                "users", accounts.users().all()));
    }

    private void rotateInvite(Context ctx) {
        String code = accounts.invites().rotate(Web.me(ctx).id());
        Web.flash(ctx, "New invite code: " + code + ". The previous code no longer works.");
        ctx.redirect("/instructor/people");
    }

    private void importRoster(Context ctx) throws IOException {
        UploadedFile file = ctx.uploadedFile("roster");
        if (file == null || file.size() == 0) throw new BadRequestResponse("Choose a roster CSV file to upload.");
        if (file.size() > MAX_ROSTER_BYTES) throw new BadRequestResponse("The roster file is larger than 2 MB.");
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        }
        RosterImport.Report report = roster.run(bytes);
        if (report.fileRejected()) ctx.status(422);
        Web.render(ctx, "roster-report", Map.of("report", report, "fileName", file.filename()));
    }

    private void changeRole(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("No such user.");
        }
        Role role;
        try {
            role = Role.parse(ctx.formParam("role"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        try {
            User changed = accounts.changeRole(Web.me(ctx), id, role);
            Web.flash(ctx, changed.displayName() + " (" + changed.email() + ") is now " + (role == Role.STUDENT ? "a " : "an ")
                    + role.label() + ". The change takes effect when they next sign in.");
        } catch (FieldErrors e) {
            Web.flash(ctx, e.getMessage());
        }
        ctx.redirect("/admin/users");
    }

    private void startSession(Context ctx, Session s) {
        Web.sessionCookie(ctx, s.token(), (int) sessionSeconds);
    }

    private static Map<String, String> form(Context ctx, String... fields) {
        Map<String, String> m = new HashMap<>();
        for (String f : fields) m.put(f, nz(ctx.formParam(f)));
        return m;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
