package dev.nlulab.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Every line logged while open at INFO and above, the request log's included (a server's log as
 * logback.xml sets it holds these; the tests' configuration keeps only warnings), each with its
 * exception's stack trace: for tests that a secret never reaches a log.
 */
final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger requests = (Logger) LoggerFactory.getLogger("nlulab.requests");
    private final Level rootLevel = root.getLevel(), requestsLevel = requests.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        requests.setLevel(Level.INFO);
    }

    /** The lines so far, as a log file would show them (message, then the exception if any). */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent e : appender.list) {
                out.add(e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.setLevel(rootLevel);
        requests.setLevel(requestsLevel);
        root.detachAppender(appender);
        appender.stop();
    }
}
