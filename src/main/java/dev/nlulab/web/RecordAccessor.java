package dev.nlulab.web;

import ognl.ObjectPropertyAccessor;
import ognl.OgnlException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code ${row.lesson.title}} on the application's own records and enums by calling the accessor
 * method. OGNL finds no {@code getTitle()} there, so on every read it copies all public methods of the class
 * and compares lower-cased names, then calls the method under a lock shared by every request thread; here
 * the method is looked up once per class and name and called without a lock. Only public no-argument methods
 * that the class itself declares are read so; anything else (and every other class) goes through OGNL as before.
 */
final class RecordAccessor extends ObjectPropertyAccessor {
    private static final ClassValue<Map<String, Optional<Method>>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    @Override
    @SuppressWarnings("rawtypes")
    public Object getProperty(Map context, Object target, Object name) throws OgnlException {
        if (target != null && name instanceof String property) {
            Optional<Method> method = METHODS.get(target.getClass()).computeIfAbsent(property, p -> find(target.getClass(), p));
            if (method.isPresent()) {
                try {
                    return method.get().invoke(target);
                } catch (InvocationTargetException e) {
                    throw new OgnlException(property, e.getCause());
                } catch (IllegalAccessException e) {
                    throw new OgnlException(property, e);
                }
            }
        }
        return super.getProperty(context, target, name);
    }

    private static Optional<Method> find(Class<?> type, String name) {
        if (!type.getName().startsWith("dev.nlulab.") || !Modifier.isPublic(type.getModifiers())) return Optional.empty();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 0 && m.getReturnType() != void.class
                    && Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) return Optional.of(m);
        }
        return Optional.empty();
    }
}
