package dev.nlulab.course;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.TermQuery;
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

    /** Offsets in the postings let the highlighter find passages without analyzing the text again. */
    private static final FieldType TEXT_WITH_OFFSETS = new FieldType(TextField.TYPE_STORED);
    static {
        TEXT_WITH_OFFSETS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_WITH_OFFSETS.freeze();
    }

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

    private Query query(String text) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && clauses < 64 * BOOSTS.size()) {
                for (var field : BOOSTS.entrySet()) {
                    b.add(new BoostQuery(new TermQuery(new Term(field.getKey(), term.toString())), field.getValue()),
                            BooleanClause.Occur.SHOULD);
                    clauses++;
                }
            }
            ts.end();
        }
        return clauses == 0 ? null : b.build();
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
                d.add(new Field("text", l.text(), TEXT_WITH_OFFSETS));
                w.addDocument(d);
            }
            w.commit();
            return new LessonSearch(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("building the lesson index in memory", e);
        }
    }

    /**
     * The best {@code limit} lessons for words typed by a student: any word may match, in any field,
     * a title match weighing most. There is no query syntax, so no input is an error.
     */
    public List<Hit> search(String query, int limit) {
        if (query == null || query.isBlank() || limit <= 0) return List.of();
        try {
            Query q = query(query);
            if (q == null) return List.of();          // nothing left but stop words
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
        } catch (IOException e) {
            throw new UncheckedIOException("searching the in-memory lesson index", e);
        }
    }
}
