package dev.nlulab.web;

import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.util.data.MutableDataHolder;

import java.util.Set;

/**
 * Renders each Markdown table inside {@code <div class="table-scroll">}, so that a table wider than a phone
 * scrolls in its own box instead of the page (app.js makes that box reachable by keyboard). List it after
 * Flexmark's {@code TablesExtension}, whose renderer draws the table itself.
 */
public final class ScrollingTables implements HtmlRenderer.HtmlRendererExtension {
    public static ScrollingTables create() { return new ScrollingTables(); }

    @Override
    public void rendererOptions(MutableDataHolder options) {}

    @Override
    public void extend(HtmlRenderer.Builder builder, String rendererType) {
        builder.nodeRendererFactory(options -> (NodeRenderer) () -> Set.of(
                new NodeRenderingHandler<>(TableBlock.class, (node, ctx, html) -> {
                    html.line().raw("<div class=\"table-scroll\">");
                    ctx.delegateRender();
                    html.line().raw("</div>").line();
                })));
    }
}
