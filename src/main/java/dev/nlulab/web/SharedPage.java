package dev.nlulab.web;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import io.javalin.http.Context;
import org.unbescape.html.HtmlEscape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A page rendered once and then served from memory to everyone with one role. What differs from one
 * person to the next is cut out as slots, filled per request: the user's name and CSRF token (the layout
 * shows nothing else of the user but the role), and the parts the feature names, such as a progress card
 * or a quiz form, which it fills for the person or leaves as rendered. A feature may share a page only when
 * the template shows nothing else that depends on who asks.
 */
public final class SharedPage {
    /**
     * The model entry a template writes before and after each part it marks, {@code [(${sharedPart})]}: the
     * page is cut there, with no search for the part. It is absent (writes nothing) when the page is not shared.
     */
    public static final String MARK = "sharedPart";
    private static final String CSRF = "\0csrf";
    private static final String NAME = "\0name";

    private final Role role;
    private final byte[][] pieces;           // the page's fixed text, between the slots
    private final String[] slots;            // slots[i] goes between pieces[i] and pieces[i + 1]
    private final Map<String, byte[]> rendered;
    private final StaticFiles files;
    private final long filesSeen;           // the static files' changes when it was rendered

    private record Cut(int at, int length, String slot) {}

    private SharedPage(Role role, byte[][] pieces, String[] slots, Map<String, byte[]> rendered, StaticFiles files, long filesSeen) {
        this.role = role;
        this.pieces = pieces;
        this.slots = slots;
        this.rendered = rendered;
        this.files = files;
        this.filesSeen = filesSeen;
    }

    /** False once a static file the page links has changed: its links carry the old version, so it is rendered again. */
    public boolean current() {
        return files == null || files.changes() == filesSeen;
    }

    /**
     * Renders the template for the signed-in user's role with stand-ins for the name and the CSRF token,
     * and cuts it there and at each part ({@code parts}: slot name -> the part's HTML, found exactly once in
     * the page). Empty when a part is not found once: such a page is rendered per request.
     */
    public static Optional<SharedPage> render(Context ctx, String template, Map<String, ?> model, Map<String, String> parts) {
        return render(ctx, template, model, parts, List.of());
    }

    /**
     * As {@link #render(Context, String, Map, Map)}, and cut at the parts the template marks with {@link #MARK}
     * too ({@code marked}: their slot names in page order; each part's HTML is what lies between its marks).
     * Marks suit many parts: each part searched for would cost a scan of the page. Empty when the marks do not
     * pair up with {@code marked}.
     */
    public static Optional<SharedPage> render(Context ctx, String template, Map<String, ?> model, Map<String, String> parts, List<String> marked) {
        User user = Web.me(ctx);
        String stand = "nlulab" + Tokens.secret().replaceAll("[^A-Za-z0-9]", "");
        String csrfStandIn = stand + "csrf";
        String nameStandIn = stand + "name";
        String mark = stand + "part";
        StaticFiles files = ctx.attribute(Web.STATIC_FILES_ATTR);
        long filesSeen = files == null ? 0 : files.changes();
        Map<String, Object> m = Web.layoutModel(ctx, model);
        m.put("me", new User(user.id(), user.email(), nameStandIn, user.role(), user.createdAt()));
        m.put("csrf", csrfStandIn);
        if (!marked.isEmpty()) m.put(MARK, mark);
        String html = ThymeleafRenderer.PAGES.render(template, m, ctx);

        List<Cut> cuts = new ArrayList<>();
        for (int i = html.indexOf(csrfStandIn); i >= 0; i = html.indexOf(csrfStandIn, i + 1)) cuts.add(new Cut(i, csrfStandIn.length(), CSRF));
        for (int i = html.indexOf(nameStandIn); i >= 0; i = html.indexOf(nameStandIn, i + 1)) cuts.add(new Cut(i, nameStandIn.length(), NAME));
        Map<String, byte[]> rendered = new HashMap<>();
        int n = 0;
        for (int open = marked.isEmpty() ? -1 : html.indexOf(mark); open >= 0; n++) {
            int close = html.indexOf(mark, open + mark.length());
            if (close < 0 || n == marked.size()) return Optional.empty();
            int end = close + mark.length();
            cuts.add(new Cut(open, end - open, marked.get(n)));
            rendered.put(marked.get(n), html.substring(open + mark.length(), close).getBytes(StandardCharsets.UTF_8));
            open = html.indexOf(mark, end);
        }
        if (n != marked.size()) return Optional.empty();
        for (Map.Entry<String, String> p : parts.entrySet()) {
            int at = html.indexOf(p.getValue());
            if (at < 0 || html.indexOf(p.getValue(), at + 1) >= 0) return Optional.empty();
            cuts.add(new Cut(at, p.getValue().length(), p.getKey()));
            rendered.put(p.getKey(), p.getValue().getBytes(StandardCharsets.UTF_8));
        }
        cuts.sort(Comparator.comparingInt(Cut::at));
        byte[][] pieces = new byte[cuts.size() + 1][];
        String[] slots = new String[cuts.size()];
        int from = 0;
        for (int i = 0; i < cuts.size(); i++) {
            Cut c = cuts.get(i);
            if (c.at() < from) return Optional.empty();      // parts that overlap cannot be filled apart
            pieces[i] = html.substring(from, c.at()).getBytes(StandardCharsets.UTF_8);
            slots[i] = c.slot();
            from = c.at() + c.length();
        }
        pieces[cuts.size()] = html.substring(from).getBytes(StandardCharsets.UTF_8);
        return Optional.of(new SharedPage(user.role(), pieces, slots, rendered, files, filesSeen));
    }

    /** Answers with the page for this request's user: their name and token, and {@code fills} in place of those parts. */
    public void send(Context ctx, Map<String, byte[]> fills) {
        Web.html(ctx, page(Web.me(ctx), Web.csrf(ctx), fills));
    }

    /** The page for {@code user}: their name, their form token {@code csrfToken}, and {@code fills} in place of those parts. */
    public byte[] page(User user, String csrfToken, Map<String, byte[]> fills) {
        if (user.role() != role) throw new IllegalStateException("a page rendered for " + role + " asked for by " + user.role());
        byte[] csrf = csrfToken.getBytes(StandardCharsets.UTF_8);
        byte[] name = HtmlEscape.escapeHtml4Xml(user.displayName()).getBytes(StandardCharsets.UTF_8);
        byte[][] filled = new byte[slots.length][];
        int length = pieces[slots.length].length;
        for (int i = 0; i < slots.length; i++) {
            String slot = slots[i];
            filled[i] = slot.equals(CSRF) ? csrf : slot.equals(NAME) ? name : fills.getOrDefault(slot, rendered.get(slot));
            length += pieces[i].length + filled[i].length;
        }
        byte[] page = new byte[length];
        int at = 0;
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(pieces[i], 0, page, at, pieces[i].length);
            at += pieces[i].length;
            System.arraycopy(filled[i], 0, page, at, filled[i].length);
            at += filled[i].length;
        }
        System.arraycopy(pieces[slots.length], 0, page, at, pieces[slots.length].length);
        return page;
    }
}
