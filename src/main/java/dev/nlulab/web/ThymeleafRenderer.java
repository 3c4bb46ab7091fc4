package dev.nlulab.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import ognl.OgnlRuntime;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Map;
import java.util.Set;

/** Thymeleaf pages from src/main/resources/templates; `ctx.render("login", model)`. */
final class ThymeleafRenderer implements FileRenderer {
    /** The model entry that holds the server's {@link StaticFiles}, for versioned links to them. */
    static final String STATIC_FILES = "nlulabStaticFiles";
    /** One engine for every server in the process: templates are compiled once. */
    static final ThymeleafRenderer PAGES = new ThymeleafRenderer();

    static {
        // the pages read records' and enums' fields in every row: see RecordAccessor for why OGNL's own way is slow
        OgnlRuntime.setPropertyAccessor(Record.class, new RecordAccessor());
        OgnlRuntime.setPropertyAccessor(Enum.class, new RecordAccessor());
    }

    private final TemplateEngine engine = new TemplateEngine();

    private ThymeleafRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setLinkBuilder(new StandardLinkBuilder() {
            // Pages are served from the root, so @{/path} links need no servlet context path.
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }

            // @{/static/css/app.css} carries the file's version, so the browser may keep it
            @Override
            protected String processLink(IExpressionContext context, String link) {
                return context.getVariable(STATIC_FILES) instanceof StaticFiles files ? files.link(link) : link;
            }
        });
    }

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        return engine.process(template, context(model));
    }

    /** Only the part of the template marked {@code th:fragment="<fragment>"}. */
    String fragment(String template, String fragment, Map<String, ?> model) {
        return engine.process(template, Set.of(fragment), context(model));
    }

    private static org.thymeleaf.context.Context context(Map<String, ?> model) {
        org.thymeleaf.context.Context tc = new org.thymeleaf.context.Context();
        model.forEach(tc::setVariable);
        return tc;
    }
}
