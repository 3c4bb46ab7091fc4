package dev.nlulab.course;

import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.parser.InlineParser;
import com.vladsch.flexmark.parser.InlineParserExtension;
import com.vladsch.flexmark.parser.InlineParserExtensionFactory;
import com.vladsch.flexmark.parser.LightInlineParser;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataHolder;
import com.vladsch.flexmark.util.sequence.BasedSequence;

import java.util.Set;

/**
 * TeX math: {@code $...$} inline and {@code $$...$$} display. The TeX is taken out of the inline
 * stream whole, before emphasis sees it, so {@code a_i * b_j} stays as written; it is emitted as
 * escaped text in {@code span.math-inline} / {@code div.math-display} for KaTeX to render in the page.
 * Like Pandoc, {@code $} opens only before a non-space and closes only after a non-space not followed
 * by a digit, so "$5 and $10" stays text.
 */
final class MathExtension implements Parser.ParserExtension, HtmlRenderer.HtmlRendererExtension {
    static MathExtension create() { return new MathExtension(); }

    @Override
    public void parserOptions(MutableDataHolder options) {}

    @Override
    public void extend(Parser.Builder builder) {
        builder.customInlineParserExtensionFactory(new InlineParserExtensionFactory() {
            @Override public CharSequence getCharacters() { return "$"; }
            @Override public InlineParserExtension apply(LightInlineParser p) { return new DollarParser(); }
            @Override public Set<Class<?>> getAfterDependents() { return null; }
            @Override public Set<Class<?>> getBeforeDependents() { return null; }
            @Override public boolean affectsGlobalScope() { return false; }
        });
    }

    @Override
    public void rendererOptions(MutableDataHolder options) {}

    @Override
    public void extend(HtmlRenderer.Builder builder, String rendererType) {
        builder.nodeRendererFactory(options -> (NodeRenderer) () -> Set.of(
                new NodeRenderingHandler<>(LessonNodes.MathInline.class, (node, ctx, html) -> html.raw(
                        "<span class=\"" + (node.display ? "math-display" : "math-inline") + "\">"
                                + HtmlText.escape(node.tex) + "</span>")),
                new NodeRenderingHandler<>(LessonNodes.MathBlock.class, (node, ctx, html) -> {
                    html.line();
                    html.raw("<div class=\"math-display\">" + HtmlText.escape(node.tex) + "</div>");
                    html.line();
                })));
    }

    private static final class DollarParser implements InlineParserExtension {
        @Override public void finalizeDocument(InlineParser inlineParser) {}
        @Override public void finalizeBlock(InlineParser inlineParser) {}

        @Override
        public boolean parse(LightInlineParser p) {
            BasedSequence in = p.getInput();
            int start = p.getIndex();
            boolean display = start + 1 < in.length() && in.charAt(start + 1) == '$';
            int open = start + (display ? 2 : 1);
            int close = display ? findDisplayClose(in, open) : findInlineClose(in, open);
            if (close < 0) return false;
            String tex = in.subSequence(open, close).toString();
            if (display) tex = tex.strip();
            int end = close + (display ? 2 : 1);
            p.flushTextNode();
            p.getBlock().appendChild(new LessonNodes.MathInline(in.subSequence(start, end), tex, display));
            p.setIndex(end);
            return true;
        }

        private static int findDisplayClose(BasedSequence in, int from) {
            for (int i = from; i + 1 < in.length(); i++) {
                if (in.charAt(i) == '\\') { i++; continue; }
                if (in.charAt(i) == '$' && in.charAt(i + 1) == '$') return i > from ? i : -1;
            }
            return -1;
        }

        private static int findInlineClose(BasedSequence in, int from) {
            if (from >= in.length() || Character.isWhitespace(in.charAt(from))) return -1;
            for (int i = from; i < in.length(); i++) {
                char c = in.charAt(i);
                if (c == '\\') { i++; continue; }
                if (c != '$') continue;
                if (i == from) return -1;                                   // "$$" handled as display
                boolean afterSpace = Character.isWhitespace(in.charAt(i - 1));
                boolean beforeDigit = i + 1 < in.length() && Character.isDigit(in.charAt(i + 1));
                if (!afterSpace && !beforeDigit) return i;
            }
            return -1;
        }
    }
}
