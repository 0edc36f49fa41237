// The Arrow C stream export of arrow::table (see arrow.hpp): schemas and arrays whose release
// callbacks free what they own, a stream of one record batch, and the PyCapsules that carry them.
#include "arrow.hpp"

#include <exception>

namespace grantfolio::python::arrow {

namespace {

std::string encode_metadata(const std::vector<std::pair<std::string, std::string>>& kv) {
    if (kv.empty()) return {};
    std::string out;
    auto put = [&out](std::int32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    put(static_cast<std::int32_t>(kv.size()));
    for (const auto& [k, v] : kv) {
        put(static_cast<std::int32_t>(k.size()));
        out += k;
        put(static_cast<std::int32_t>(v.size()));
        out += v;
    }
    return out;
}

// ---- schemas ----

struct schema_private {
    std::string format, name, metadata;
    std::vector<ArrowSchema*> children;
    ArrowSchema* dictionary = nullptr;
};

/// The release callback of a schema or an array: its children and dictionary first (each released
/// unless a consumer moved it out), then what it owns; the struct is marked released.
template <class Struct, class Private>
void release_node(Struct* s) {
    if (!s || !s->release) return;
    auto* p = static_cast<Private*>(s->private_data);
    for (Struct* c : p->children) {
        if (c->release) c->release(c);
        delete c;
    }
    if (p->dictionary) {
        if (p->dictionary->release) p->dictionary->release(p->dictionary);
        delete p->dictionary;
    }
    delete p;
    s->release = nullptr;
}

/// Frees what a node being built owns, when building it failed half-way.
template <class Struct, class Private>
void discard(Private* p) {
    Struct tmp{};
    tmp.release = release_node<Struct, Private>;
    tmp.private_data = p;
    release_node<Struct, Private>(&tmp);
}

void release_schema(ArrowSchema* s) { release_node<ArrowSchema, schema_private>(s); }

void fill_schema(ArrowSchema* out, const std::string& format, const std::string& name, bool nullable, bool ordered,
                 const std::vector<std::pair<std::string, std::string>>& metadata, const std::vector<column>& children,
                 const column* dictionary) {
    auto* p = new schema_private{format, name, encode_metadata(metadata), {}, nullptr};
    try {
        for (const auto& c : children) {
            auto* child = new ArrowSchema{};
            p->children.push_back(child);
            fill_schema(child, c.format, c.name, c.nullable, c.ordered, c.metadata, c.children, c.dictionary.get());
        }
        if (dictionary) {
            p->dictionary = new ArrowSchema{};
            fill_schema(p->dictionary, dictionary->format, dictionary->name, dictionary->nullable, false,
                        dictionary->metadata, dictionary->children, dictionary->dictionary.get());
        }
    } catch (...) {
        discard<ArrowSchema>(p);
        throw;
    }
    out->format = p->format.c_str();
    out->name = p->name.c_str();
    out->metadata = p->metadata.empty() ? nullptr : p->metadata.data();
    out->flags = (nullable ? ARROW_FLAG_NULLABLE : 0) | (ordered ? ARROW_FLAG_DICTIONARY_ORDERED : 0);
    out->n_children = static_cast<std::int64_t>(p->children.size());
    out->children = p->children.empty() ? nullptr : p->children.data();
    out->dictionary = p->dictionary;
    out->release = release_schema;
    out->private_data = p;
}

void fill_table_schema(ArrowSchema* out, const table& t) { fill_schema(out, "+s", "", false, false, t.metadata, t.columns, nullptr); }

// ---- arrays ----

struct array_private {
    std::shared_ptr<const table> owner;  // keeps every buffer alive
    std::vector<const void*> buffers;
    std::vector<ArrowArray*> children;
    ArrowArray* dictionary = nullptr;
};

void release_array(ArrowArray* a) { release_node<ArrowArray, array_private>(a); }

// A buffer Arrow needs to point somewhere even when it holds no bytes (an empty string column's data).
alignas(64) const std::uint8_t no_bytes[64] = {};

void fill_array(ArrowArray* out, const column& c, const std::shared_ptr<const table>& owner) {
    auto* p = new array_private{owner, {}, {}, nullptr};
    try {
        for (std::size_t i = 0; i < c.buffers.size(); ++i) {
            const auto& b = c.buffers[i];
            // Only a validity bitmap may be absent (no nulls); other buffers always point somewhere.
            p->buffers.push_back(b.empty() ? (i == 0 ? nullptr : static_cast<const void*>(no_bytes)) : b.data());
        }
        for (const auto& child : c.children) {
            auto* a = new ArrowArray{};
            p->children.push_back(a);
            fill_array(a, child, owner);
        }
        if (c.dictionary) {
            p->dictionary = new ArrowArray{};
            fill_array(p->dictionary, *c.dictionary, owner);
        }
    } catch (...) {
        discard<ArrowArray>(p);
        throw;
    }
    out->length = c.length;
    out->null_count = c.null_count;
    out->offset = 0;
    out->n_buffers = static_cast<std::int64_t>(p->buffers.size());
    out->buffers = p->buffers.empty() ? nullptr : p->buffers.data();
    out->n_children = static_cast<std::int64_t>(p->children.size());
    out->children = p->children.empty() ? nullptr : p->children.data();
    out->dictionary = p->dictionary;
    out->release = release_array;
    out->private_data = p;
}

void fill_table_array(ArrowArray* out, const std::shared_ptr<const table>& t) {
    // The children are the table's columns; they are referenced, not copied, through the owner.
    auto* p = new array_private{t, {nullptr}, {}, nullptr};
    try {
        for (const auto& c : t->columns) {
            auto* a = new ArrowArray{};
            p->children.push_back(a);
            fill_array(a, c, t);
        }
    } catch (...) {
        discard<ArrowArray>(p);
        throw;
    }
    out->length = t->length;
    out->null_count = 0;
    out->offset = 0;
    out->n_buffers = 1;
    out->buffers = p->buffers.data();
    out->n_children = static_cast<std::int64_t>(p->children.size());
    out->children = p->children.empty() ? nullptr : p->children.data();
    out->dictionary = nullptr;
    out->release = release_array;
    out->private_data = p;
}

// ---- the stream: one record batch, then the end ----

struct stream_private {
    std::shared_ptr<const table> t;
    bool done = false;
    std::string error;
};

int stream_get_schema(ArrowArrayStream* s, ArrowSchema* out) {
    auto* p = static_cast<stream_private*>(s->private_data);
    try {
        fill_table_schema(out, *p->t);
        return 0;
    } catch (const std::exception& e) {
        p->error = e.what();
        return 12;  // ENOMEM: the only way building a schema fails
    }
}

int stream_get_next(ArrowArrayStream* s, ArrowArray* out) {
    auto* p = static_cast<stream_private*>(s->private_data);
    if (p->done) {
        out->release = nullptr;  // the end of the stream
        return 0;
    }
    try {
        fill_table_array(out, p->t);
        p->done = true;
        return 0;
    } catch (const std::exception& e) {
        p->error = e.what();
        return 12;
    }
}

const char* stream_last_error(ArrowArrayStream* s) {
    auto* p = static_cast<stream_private*>(s->private_data);
    return p->error.empty() ? nullptr : p->error.c_str();
}

void stream_release(ArrowArrayStream* s) {
    if (!s || !s->release) return;
    delete static_cast<stream_private*>(s->private_data);
    s->release = nullptr;
}

template <class T>
const char* capsule_name();
template <>
const char* capsule_name<ArrowArrayStream>() { return "arrow_array_stream"; }
template <>
const char* capsule_name<ArrowSchema>() { return "arrow_schema"; }

/// A capsule's destructor: what no consumer moved out is released here.
template <class T>
void destroy_capsule(PyObject* capsule) {
    auto* s = static_cast<T*>(PyCapsule_GetPointer(capsule, capsule_name<T>()));
    if (!s) {
        PyErr_Clear();
        return;
    }
    if (s->release) s->release(s);
    delete s;
}

/// Hands a filled struct to a capsule, which owns it from here on.
template <class T>
py::capsule capsule_of(T* s) {
    PyObject* cap = PyCapsule_New(s, capsule_name<T>(), destroy_capsule<T>);
    if (!cap) {
        s->release(s);
        delete s;
        throw py::error_already_set();
    }
    return py::reinterpret_steal<py::capsule>(cap);
}

}  // namespace

py::capsule to_stream_capsule(std::shared_ptr<const table> t) {
    auto* s = new ArrowArrayStream{};
    s->get_schema = stream_get_schema;
    s->get_next = stream_get_next;
    s->get_last_error = stream_last_error;
    s->release = stream_release;
    s->private_data = new stream_private{std::move(t), false, {}};
    return capsule_of(s);
}

py::capsule to_schema_capsule(std::shared_ptr<const table> t) {
    auto* s = new ArrowSchema{};
    try {
        fill_table_schema(s, *t);
    } catch (...) {
        delete s;
        throw;
    }
    return capsule_of(s);
}

}  // namespace grantfolio::python::arrow
