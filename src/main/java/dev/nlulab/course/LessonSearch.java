package dev.nlulab.course;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Full-text search over the served lessons: an in-memory Lucene index (BM25, English stemming) of
 * titles, summaries and page text (no markup; quiz answers are never in the page), with the matching
 * passage of the text highlighted in {@code <mark>}. Built once per loaded {@link Course}.
 */
public final class LessonSearch {
    /** A found lesson; {@code snippetHtml} is escaped text with {@code <mark>} around the matched words. */
    public record Hit(String lessonId, String moduleId, String title, String url, String snippetHtml, float score) {}

    private static final Map<String, Float> BOOSTS = Map.of("title", 3f, "summary", 2f, "text", 1f);

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexSearcher searcher;
    private final UnifiedHighlighter highlighter;

    private LessonSearch(ByteBuffersDirectory dir) throws IOException {
        this.searcher = new IndexSearcher(DirectoryReader.open(dir));
        this.highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                .withMaxLength(100_000)
                .build();
    }

    static LessonSearch build(List<Lesson> lessons) {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new EnglishAnalyzer()))) {
            for (Lesson l : lessons) {
                Document d = new Document();
                d.add(new StringField("id", l.id(), Field.Store.YES));
                d.add(new StringField("module", l.moduleId(), Field.Store.YES));
                d.add(new TextField("title", l.title(), Field.Store.YES));
                d.add(new TextField("summary", l.summary(), Field.Store.YES));
                d.add(new TextField("text", l.text(), Field.Store.YES));
                w.addDocument(d);
            }
            w.commit();
            return new LessonSearch(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("building the lesson index in memory", e);
        }
    }

    /** The best {@code limit} lessons for a query typed by a student (Lucene syntax characters are taken literally). */
    public List<Hit> search(String query, int limit) {
        if (query == null || query.isBlank() || limit <= 0) return List.of();
        try {
            Query q = new MultiFieldQueryParser(BOOSTS.keySet().toArray(String[]::new), analyzer, BOOSTS)
                    .parse(QueryParser.escape(query.strip()));
            TopDocs top = searcher.search(q, limit);
            if (top.scoreDocs.length == 0) return List.of();
            String[] snippets = highlighter.highlight("text", q, top, 2);
            List<Hit> hits = new ArrayList<>();
            for (int i = 0; i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document d = searcher.storedFields().document(sd.doc);
                String snippet = snippets[i] != null ? snippets[i] : HtmlText.escape(d.get("summary"));
                hits.add(new Hit(d.get("id"), d.get("module"), d.get("title"), "/lessons/" + d.get("id"), snippet, sd.score));
            }
            return hits;
        } catch (ParseException e) {
            return List.of();       // only stop words, or nothing left after escaping
        } catch (IOException e) {
            throw new UncheckedIOException("searching the in-memory lesson index", e);
        }
    }
}
