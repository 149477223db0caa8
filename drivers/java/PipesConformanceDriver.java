/*
 * The pipes-conformance driver for the community Java library `io.dagster:pipes`
 * (dagster-io/community-integrations, libraries/pipes/implementations/java).
 *
 *   java -cp <library jar>:<its dependencies>:<this class> PipesConformanceDriver [args...]
 *
 * See drivers/java/README.md for how the library is built and the exact suite commands.
 *
 * Driven mode (DESIGN.md, "Driven mode"): the actions in `extras.pipes_conformance` run in order
 * through the library's public API inside one session, opened the way the library's own example
 * does it (`new PipesSession(paramsLoader, contextLoader, messageWriter).runDagsterPipes(fn)`: the
 * session reports an exception thrown by `fn` on `closed` and then throws a
 * DagsterPipesException from `close()`):
 *   log                           context.getLogger().debug|info|warning|error|critical(message)
 *   report_asset_materialization  context.reportAssetMaterialization(metadata, dataVersion, assetKey)
 *   report_asset_check            context.reportAssetCheck(checkName, passed, severity, metadata, assetKey),
 *                                 or the overload without severity (the library's default, ERROR)
 *   report_custom_message         context.reportCustomMessage(payload)
 *   get_extra                     a custom message {pipes_conformance_extra: context.getExtra(key)}
 *   report_context                a custom message {pipes_conformance_context: {...ten getters...}}
 *                                 (null where a getter throws DagsterPipesException)
 *   raise                         throw new RuntimeException(message)
 * Typed metadata is passed as `new PipesMetadata(rawValue, Type.forValue(type))`; an `__infer__`
 * entry as the bare raw value (the library infers the type itself). Null or absent metadata is an
 * empty map: the library's methods take a Map and throw a NullPointerException for null.
 *
 * The script and every value in it are read through the library (`context.getExtras()`, which is
 * Jackson's parse of the context), so numbers reach the library as the Integer, Long, BigInteger
 * or Double that its own context loader produced.
 *
 * Observed mode (no `pipes_conformance` in the extras; also the library's no-op context when the
 * process was not launched by Pipes): log one line, materialize every asset of the context once,
 * send one custom message.
 *
 * Bootstrap: PipesCliArgsParamsLoader(args) when `--dagster-pipes-context` is in argv, else the
 * library's PipesEnvVarParamsLoader.
 *
 * Exit status: 0 after the last action; 1 when an action threw (the DagsterPipesException that
 * `runDagsterPipes` throws after `closed` is left uncaught); 3 for an unsupported op, version or
 * level (`pipes_conformance: unsupported ...` on stderr, after the session has been closed).
 */

import io.dagster.pipes.DagsterPipesException;
import io.dagster.pipes.PipesContext;
import io.dagster.pipes.PipesSession;
import io.dagster.pipes.data.PipesAssetCheckSeverity;
import io.dagster.pipes.data.PipesMetadata;
import io.dagster.pipes.loaders.PipesCliArgsParamsLoader;
import io.dagster.pipes.loaders.PipesDefaultContextLoader;
import io.dagster.pipes.loaders.PipesEnvVarParamsLoader;
import io.dagster.pipes.loaders.PipesParamsLoader;
import io.dagster.pipes.logger.PipesLogger;
import io.dagster.pipes.writers.PipesDefaultMessageWriter;
import io.dagster.types.Type;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class PipesConformanceDriver {

    private static final int DRIVER_PROTOCOL_VERSION = 1;
    private static final List<String> SUPPORTED_OPS = Arrays.asList(
        "log", "report_asset_materialization", "report_asset_check", "report_custom_message",
        "get_extra", "report_context", "raise");

    /** An action script this driver cannot run; its message follows "pipes_conformance: ". */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(final String message) {
            super(message);
        }
    }

    /** Set when the script was unsupported, so main can exit 3 once the session is closed. */
    private static Unsupported unsupported;

    private PipesConformanceDriver() {
    }

    /** Reads one field of a context getter; absent values are the getters' DagsterPipesException. */
    private interface Getter {
        Object get() throws DagsterPipesException;
    }

    public static void main(final String[] args) throws DagsterPipesException {
        final PipesParamsLoader paramsLoader = Arrays.asList(args).contains("--dagster-pipes-context")
            ? new PipesCliArgsParamsLoader(args)
            : new PipesEnvVarParamsLoader();
        final PipesSession session = new PipesSession(
            paramsLoader, new PipesDefaultContextLoader(), new PipesDefaultMessageWriter());
        try {
            session.runDagsterPipes(PipesConformanceDriver::runSession);
        } catch (DagsterPipesException error) {
            if (unsupported == null) {
                throw error;
            }
        }
        if (unsupported != null) {
            System.err.println("pipes_conformance: " + unsupported.getMessage());
            System.exit(3);
        }
    }

    private static void runSession(final PipesContext context) throws DagsterPipesException {
        final Map<String, Object> extras = context.getExtras();
        final List<Map<String, Object>> actions;
        if (extras != null && extras.containsKey("pipes_conformance")) {
            try {
                actions = drivenActions(extras.get("pipes_conformance"));
            } catch (Unsupported error) {
                unsupported = error;
                throw error; // inside the session: `closed` still comes last
            }
        } else {
            actions = observedActions(context);
        }
        for (final Map<String, Object> action : actions) {
            try {
                runAction(context, action);
            } catch (Unsupported error) {
                unsupported = error;
                throw error;
            }
        }
    }

    /** Validates the whole script first, so that nothing runs from a script we cannot finish. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> drivenActions(final Object script) {
        final Object version = script instanceof Map ? ((Map<String, Object>) script).get("version") : script;
        if (!(script instanceof Map) || !(version instanceof Number)
            || ((Number) version).doubleValue() != DRIVER_PROTOCOL_VERSION) {
            throw new Unsupported("unsupported version " + describe(version));
        }
        final Object actions = ((Map<String, Object>) script).get("actions");
        if (!(actions instanceof List)) {
            throw new Unsupported("unsupported actions (not a list)");
        }
        final List<Map<String, Object>> result = new ArrayList<>();
        for (final Object action : (List<Object>) actions) {
            final Object op = action instanceof Map ? ((Map<String, Object>) action).get("op") : action;
            if (!(op instanceof String) || !SUPPORTED_OPS.contains(op)) {
                throw new Unsupported("unsupported op " + describe(op));
            }
            result.add((Map<String, Object>) action);
        }
        return result;
    }

    private static List<Map<String, Object>> observedActions(final PipesContext context) {
        final List<Map<String, Object>> actions = new ArrayList<>();
        actions.add(action("op", "log", "message", "dagster-pipes (java) driver: observed mode", "level", "INFO"));
        List<String> keys;
        try {
            keys = context.getAssetKeys();
        } catch (DagsterPipesException absent) {
            keys = Collections.emptyList();
        }
        for (final String key : keys) {
            final Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("driver", action("raw_value", "dagster-pipes-java", "type", "text"));
            actions.add(action("op", "report_asset_materialization", "asset_key", key,
                "data_version", null, "metadata", metadata));
        }
        actions.add(action("op", "report_custom_message", "payload", Collections.singletonMap("observed", true)));
        return actions;
    }

    private static void runAction(final PipesContext context, final Map<String, Object> action)
        throws DagsterPipesException {
        final String op = (String) action.get("op");
        switch (op) {
            case "log":
                log(context.getLogger(), action.get("level"), (String) action.get("message"));
                return;
            case "report_asset_materialization":
                context.reportAssetMaterialization(
                    metadataFromWire(action.get("metadata")),
                    (String) action.get("data_version"),
                    (String) action.get("asset_key"));
                return;
            case "report_asset_check":
                if (action.containsKey("severity")) {
                    final Object severity = action.get("severity");
                    context.reportAssetCheck(
                        (String) action.get("check_name"),
                        (Boolean) action.get("passed"),
                        severity == null ? null : PipesAssetCheckSeverity.valueOf((String) severity),
                        metadataFromWire(action.get("metadata")),
                        (String) action.get("asset_key"));
                } else {
                    context.reportAssetCheck(
                        (String) action.get("check_name"),
                        (Boolean) action.get("passed"),
                        metadataFromWire(action.get("metadata")),
                        (String) action.get("asset_key"));
                }
                return;
            case "report_custom_message":
                context.reportCustomMessage(action.get("payload"));
                return;
            case "get_extra":
                context.reportCustomMessage(
                    Collections.singletonMap("pipes_conformance_extra", context.getExtra((String) action.get("key"))));
                return;
            case "report_context":
                context.reportCustomMessage(Collections.singletonMap("pipes_conformance_context", contextSnapshot(context)));
                return;
            case "raise":
                throw new RuntimeException(String.valueOf(action.get("message")));
            default:
                throw new Unsupported("unsupported op " + describe(op));
        }
    }

    private static void log(final PipesLogger logger, final Object level, final String message)
        throws DagsterPipesException {
        final String name = level == null ? "INFO" : String.valueOf(level).toUpperCase(Locale.ROOT);
        switch (name) {
            case "DEBUG":
                logger.debug(message);
                return;
            case "INFO":
                logger.info(message);
                return;
            case "WARNING":
                logger.warning(message);
                return;
            case "ERROR":
                logger.error(message);
                return;
            case "CRITICAL":
                logger.critical(message);
                return;
            default:
                throw new Unsupported("unsupported level " + describe(level));
        }
    }

    /**
     * Wire-form metadata to library arguments: a typed entry becomes a PipesMetadata of the
     * library's Type, an `__infer__` entry the bare raw value. Insertion order is kept.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataFromWire(final Object wire) {
        final Map<String, Object> result = new LinkedHashMap<>();
        if (!(wire instanceof Map)) {
            return result; // null or absent: the library's methods take a map, not null
        }
        for (final Map.Entry<String, Object> entry : ((Map<String, Object>) wire).entrySet()) {
            final Map<String, Object> value = (Map<String, Object>) entry.getValue();
            final String type = (String) value.get("type");
            final Object raw = value.get("raw_value");
            if ("__infer__".equals(type)) {
                result.put(entry.getKey(), raw);
            } else {
                result.put(entry.getKey(), new PipesMetadata(raw, libraryType(type)));
            }
        }
        return result;
    }

    /** The library's metadata Type for a wire name; a name it lacks (e.g. `table`) is refused. */
    private static Type libraryType(final String wireName) {
        try {
            return Type.forValue(wireName);
        } catch (IOException noSuchType) {
            throw new IllegalArgumentException(
                "io.dagster.types.Type has no metadata type " + describe(wireName), noSuchType);
        }
    }

    /** The ten context fields as the library's getters return them; null where a getter refuses. */
    private static Map<String, Object> contextSnapshot(final PipesContext context) {
        final Map<String, Object> snapshot = new LinkedHashMap<>();
        field(snapshot, "asset_keys", context::getAssetKeys);
        field(snapshot, "code_version_by_asset_key", context::getCodeVersionByAssetKey);
        field(snapshot, "provenance_by_asset_key", context::getProvenanceByAssetKey);
        field(snapshot, "partition_key", context::getPartitionKey);
        field(snapshot, "partition_key_range", context::getPartitionKeyRange);
        field(snapshot, "partition_time_window", context::getPartitionTimeWindow);
        field(snapshot, "run_id", context::getRunId);
        field(snapshot, "job_name", context::getJobName);
        field(snapshot, "retry_number", context::getRetryNumber);
        field(snapshot, "extras", context::getExtras);
        return snapshot;
    }

    private static void field(final Map<String, Object> snapshot, final String name, final Getter getter) {
        Object value;
        try {
            value = getter.get();
        } catch (DagsterPipesException absent) {
            value = null;
        }
        snapshot.put(name, value);
    }

    private static Map<String, Object> action(final Object... keysAndValues) {
        final Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            result.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return result;
    }

    private static String describe(final Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        return value == null ? "null" : String.valueOf(value);
    }
}
