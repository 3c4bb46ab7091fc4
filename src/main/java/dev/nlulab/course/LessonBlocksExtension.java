package dev.nlulab.course;

import com.vladsch.flexmark.ext.admonition.AdmonitionBlock;
import com.vladsch.flexmark.ext.toc.TocBlock;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.IndependentLinkResolverFactory;
import com.vladsch.flexmark.html.LinkResolver;
import com.vladsch.flexmark.html.renderer.LinkResolverBasicContext;
import com.vladsch.flexmark.html.renderer.LinkStatus;
import com.vladsch.flexmark.html.renderer.LinkType;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.util.data.DataKey;
import com.vladsch.flexmark.util.data.MutableDataHolder;

import java.util.Locale;
import java.util.Set;

/**
 * Rendering of our blocks: quiz forms (without answers), demo placeholders, figures, admonitions as
 * plain classed elements (Flexmark's own need its SVG sprite and script), nothing for {@code [TOC]} (the
 * page's side contents list the sections; a second list in the text would repeat it), and the rewriting
 * of links between lessons and of image paths.
 */
final class LessonBlocksExtension implements HtmlRenderer.HtmlRendererExtension {
    /** The id of the lesson being rendered, set on the document: links resolve relative to it. */
    static final DataKey<String> LESSON_ID = new DataKey<>("NLULAB_LESSON_ID", "");

    static LessonBlocksExtension create() { return new LessonBlocksExtension(); }

    @Override
    public void rendererOptions(MutableDataHolder options) {}

    @Override
    public void extend(HtmlRenderer.Builder builder, String rendererType) {
        builder.nodeRendererFactory(options -> (NodeRenderer) () -> Set.of(
                new NodeRenderingHandler<>(LessonNodes.Quiz.class, (node, ctx, html) -> html.raw(quizHtml(node))),
                new NodeRenderingHandler<>(LessonNodes.Demo.class, (node, ctx, html) -> html.raw(
                        "<div class=\"demo\" data-demo=\"" + HtmlText.escape(node.name) + "\" data-params=\""
                                + HtmlText.escape(node.paramsJson) + "\"></div>\n")),
                new NodeRenderingHandler<>(LessonNodes.Figure.class, LessonBlocksExtension::figure),
                new NodeRenderingHandler<>(AdmonitionBlock.class, LessonBlocksExtension::admonition),
                new NodeRenderingHandler<>(TocBlock.class, (node, ctx, html) -> {})));
        builder.linkResolverFactory(new IndependentLinkResolverFactory() {
            @Override
            public LinkResolver apply(LinkResolverBasicContext context) {
                String lessonId = LESSON_ID.get(context.getDocument());
                return (node, ctx, link) -> resolve(lessonId, link);
            }
        });
    }

    private static com.vladsch.flexmark.html.renderer.ResolvedLink resolve(
            String lessonId, com.vladsch.flexmark.html.renderer.ResolvedLink link) {
        LinkType type = link.getLinkType();
        if (type == LinkType.LINK) {
            return LessonLinks.lessonLink(lessonId, link.getUrl())
                    .map(t -> link.withUrl(t.href()).withStatus(LinkStatus.VALID)).orElse(link);
        }
        if (type == LinkType.IMAGE) {
            return LessonLinks.imagePath(lessonId, link.getUrl())
                    .map(p -> link.withUrl("/lessons/" + p).withStatus(LinkStatus.VALID)).orElse(link);
        }
        return link;
    }

    private static void figure(LessonNodes.Figure node, NodeRendererContext ctx, HtmlWriter html) {
        html.line();
        html.raw("<figure>");
        ctx.renderChildren(node);
        html.raw("<figcaption>" + HtmlText.escape(node.caption) + "</figcaption></figure>");
        html.line();
    }

    /** {@code !!!} is a box; {@code ???} a closed {@code <details>}, {@code ???+} an open one. */
    private static void admonition(AdmonitionBlock node, NodeRendererContext ctx, HtmlWriter html) {
        String kind = node.getInfo().toString().toLowerCase(Locale.ROOT);
        String marker = node.getOpeningMarker().toString();
        String title = node.getTitle().isNull() ? capitalize(kind) : node.getTitle().unescape();
        boolean collapsible = marker.startsWith("???");
        String tag = collapsible ? "details" : "div";
        html.line();
        html.raw("<" + tag + " class=\"admonition " + HtmlText.escape(kind) + "\""
                + (marker.equals("???+") ? " open" : "") + ">");
        if (!title.isEmpty()) {
            html.raw(collapsible ? "<summary class=\"admonition-title\">" + HtmlText.escape(title) + "</summary>"
                    : "<p class=\"admonition-title\">" + HtmlText.escape(title) + "</p>");
        }
        html.line();
        ctx.renderChildren(node);
        html.raw("</" + tag + ">");
        html.line();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * One form per question, named by its place in the lesson; the key and the explanation stay on the
     * server until the student answers right or asks for them with "Show the answer". The question's
     * number and prompt name its answer field (or its group of options) for screen readers.
     */
    static String quizHtml(LessonNodes.Quiz quiz) {
        StringBuilder b = new StringBuilder("<div class=\"quiz-block\">\n");
        for (QuizQuestion q : quiz.questions) {
            String type = q.type().name().toLowerCase(Locale.ROOT);
            b.append("<form class=\"quiz\" data-lesson=\"").append(HtmlText.escape(quiz.lessonId))
                    .append("\" data-question=\"").append(HtmlText.escape(q.id()))
                    .append("\" data-type=\"").append(type).append("\">\n");
            String numberId = "quiz-" + HtmlText.escape(q.id()) + "-number";
            String promptId = "quiz-" + HtmlText.escape(q.id()) + "-prompt";
            String names = numberId + " " + promptId;
            b.append("<p class=\"quiz-number\" id=\"").append(numberId).append("\">").append(q.label()).append("</p>\n");
            b.append("<div class=\"quiz-prompt\" id=\"").append(promptId).append("\">").append(q.promptHtml()).append("</div>\n");
            switch (q.type()) {
                case SINGLE, MULTIPLE -> {
                    String input = q.type() == QuizQuestion.Type.SINGLE ? "radio" : "checkbox";
                    b.append("<fieldset class=\"quiz-options\" aria-labelledby=\"").append(names).append("\">\n");
                    for (int i = 0; i < q.optionsHtml().size(); i++) {
                        b.append("<label class=\"quiz-option\"><input type=\"").append(input)
                                .append("\" name=\"answer\" value=\"").append(i).append("\"> <span>")
                                .append(q.optionsHtml().get(i)).append("</span></label>\n");
                    }
                    b.append("</fieldset>\n");
                }
                case NUMERIC -> b.append("<input class=\"quiz-input\" type=\"text\" inputmode=\"decimal\" "
                        + "name=\"answer\" autocomplete=\"off\" aria-labelledby=\"").append(names).append("\">\n");
                case TEXT -> b.append("<input class=\"quiz-input\" type=\"text\" name=\"answer\" autocomplete=\"off\" "
                        + "aria-labelledby=\"").append(names).append("\">\n");
            }
            b.append("<button type=\"submit\" class=\"quiz-check\">Check</button>\n");
            b.append("<button type=\"button\" class=\"quiz-reveal\">Show the answer</button>\n");
            b.append("<div class=\"quiz-feedback\" aria-live=\"polite\"></div>\n</form>\n");
        }
        return b.append("</div>\n").toString();
    }
}
