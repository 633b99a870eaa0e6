/*
 * The page walk of article_extract.segments, in C, over the Lexbor tree selectolax built.
 *
 * selectolax exposes one Python object per node; the walk visits every node of a page, and making those
 * objects costs more than everything else the walk does. This module reads the nodes themselves:
 * selectolax gives their address (LexborNode.mem_id), and the structures below mirror Lexbor's
 * (lxb_dom_node_t, lxb_dom_element_t, lxb_dom_attr_t, lxb_dom_character_data_t, lexbor_hash_entry_t)
 * as Lexbor 2.x defines them (selectolax's lexbor.pxd declares the node's fields in this order). Nothing here is used before _accelerated.py has checked, on a
 * probe page and through selectolax's own API, that every field read here holds what it should (with
 * the probe_* functions below), and segments.py that both walks agree on a sample page; the Python walk
 * is used otherwise, and stays the reference.
 *
 * The walk never calls into Lexbor and never changes the tree: it reads node links, tag and attribute
 * ids, attribute values and text data. Python decides everything that is policy (tag roles, name flags,
 * attribute flags, text cleaning); this module only traverses and collects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- Lexbor's structures (lexbor 2.x, as selectolax 0.3.x-1.x builds it) ---- */

typedef struct lx_node lx_node;
struct lx_node {
    void *events;
    uintptr_t local_name;
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    lx_node *next;
    lx_node *prev;
    lx_node *parent;
    lx_node *first_child;
    lx_node *last_child;
    void *user;
    int type;
};

typedef struct {
    unsigned char *data;
    size_t length;
} lx_str;

typedef struct lx_attr lx_attr;

typedef struct {
    lx_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lx_str *is_value;
    lx_attr *first_attr;
    lx_attr *last_attr;
    lx_attr *attr_id;
    lx_attr *attr_class;
    int custom_state;
} lx_element;

struct lx_attr {
    lx_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lx_str *value;
    lx_element *owner;
    lx_attr *next;
    lx_attr *prev;
};

typedef struct {
    lx_node node;
    lx_str data;
} lx_chardata;

#define LX_HASH_SHORT_SIZE 16
typedef struct {
    union {
        unsigned char *long_str;
        unsigned char short_str[LX_HASH_SHORT_SIZE + 1];
    } u;
    size_t length;
    void *next;
} lx_hash_entry;

#define LX_NODE_ELEMENT 1
/* Tag and attribute ids below this are Lexbor's fixed ones; above, a pointer to a hash entry. */
#define LX_MAX_STATIC_ID ((uintptr_t)1 << 16)

static const unsigned char *
entry_name(uintptr_t id, size_t *len)
{
    const lx_hash_entry *entry = (const lx_hash_entry *)id;
    *len = entry->length;
    return entry->length <= LX_HASH_SHORT_SIZE ? entry->u.short_str : entry->u.long_str;
}

/* ---- Probes: raw field reads, for segments.py's layout check ---- */

static int
address_arg(PyObject *arg, void **out)
{
    *out = PyLong_AsVoidPtr(arg);
    if (*out == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "null address");
        return -1;
    }
    return 0;
}

static PyObject *
bytes_or_none(const unsigned char *data, size_t length)
{
    if (data == NULL)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)length);
}

static PyObject *
probe_node(PyObject *self, PyObject *arg)
{
    lx_node *node;
    if (address_arg(arg, (void **)&node) < 0)
        return NULL;
    return Py_BuildValue("(KiKKK)", (unsigned long long)node->local_name, node->type,
                         (unsigned long long)(uintptr_t)node->next,
                         (unsigned long long)(uintptr_t)node->parent,
                         (unsigned long long)(uintptr_t)node->first_child);
}

static PyObject *
probe_element(PyObject *self, PyObject *arg)
{
    lx_element *el;
    if (address_arg(arg, (void **)&el) < 0)
        return NULL;
    return Py_BuildValue("(KKKK)", (unsigned long long)(uintptr_t)el->first_attr,
                         (unsigned long long)(uintptr_t)el->last_attr,
                         (unsigned long long)(uintptr_t)el->attr_id,
                         (unsigned long long)(uintptr_t)el->attr_class);
}

static PyObject *
probe_attr(PyObject *self, PyObject *arg)
{
    lx_attr *attr;
    if (address_arg(arg, (void **)&attr) < 0)
        return NULL;
    PyObject *value = attr->value == NULL ? (Py_INCREF(Py_None), Py_None)
                                          : bytes_or_none(attr->value->data, attr->value->length);
    if (value == NULL)
        return NULL;
    return Py_BuildValue("(KNKK)", (unsigned long long)attr->node.local_name, value,
                         (unsigned long long)(uintptr_t)attr->owner,
                         (unsigned long long)(uintptr_t)attr->next);
}

static PyObject *
probe_text(PyObject *self, PyObject *arg)
{
    lx_chardata *text;
    if (address_arg(arg, (void **)&text) < 0)
        return NULL;
    return bytes_or_none(text->data.data, text->data.length);
}

static PyObject *
probe_entry(PyObject *self, PyObject *arg)
{
    void *id;
    size_t len;
    if (address_arg(arg, &id) < 0)
        return NULL;
    const unsigned char *name = entry_name((uintptr_t)id, &len);
    return bytes_or_none(name, len);
}

/* ---- Byte buffers ---- */

typedef struct {
    char *data;
    Py_ssize_t len, cap;
} buffer;

static int
buf_append(buffer *b, const char *data, Py_ssize_t n)
{
    if (b->len + n > b->cap) {
        Py_ssize_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = PyMem_Realloc(b->data, (size_t)cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, (size_t)n);
    b->len += n;
    return 0;
}

/* Next code point of valid UTF-8 at *p (advancing it), or -1 for a byte that starts none. */
static long
utf8_next(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned char c = s[0];
    long cp;
    int n;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        n = 1;
    }
    else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        n = 2;
    }
    else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07;
        n = 3;
    }
    else {
        *p = s + 1;
        return -1;
    }
    if (end - s <= n) {
        *p = s + 1;
        return -1;
    }
    for (int k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *p = s + 1;
            return -1;
        }
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *p = s + n + 1;
    return cp;
}

/* Whether the text is white space only, as str.isspace() (and U+200B/U+FEFF with zero_width) says. */
static int
blank_text(const unsigned char *s, size_t n, int zero_width)
{
    const unsigned char *end = s + n;
    while (s < end) {
        unsigned char c = *s;
        if (c < 0x80) {
            if (!Py_UNICODE_ISSPACE(c))
                return 0;
            s++;
            continue;
        }
        long cp = utf8_next(&s, end);
        if (cp < 0)
            return 0;
        if (Py_UNICODE_ISSPACE((Py_UCS4)cp))
            continue;
        if (zero_width && (cp == 0x200B || cp == 0xFEFF))
            continue;
        return 0;
    }
    return 1;
}

/* len(s) - s.count(" ") of the decoded text. */
static Py_ssize_t
counted_chars(const unsigned char *s, size_t n)
{
    Py_ssize_t count = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s[k];
        if ((c & 0xC0) != 0x80 && c != ' ')
            count++;
    }
    return count;
}

/* ---- The walk ---- */

enum { R_COMMENT = -1, R_BLOCK = 1, R_BREAK = 2, R_VOID = 4, R_SKIP = 8, R_LBLOCK = 16, R_LSKIP = 32 };
enum { F_HIDDEN = 1, F_NOISE = 2, F_HINT = 4 };
#define KIND_SLOTS 256
#define MAX_ATTR_NAMES 8

typedef struct {
    PyObject *tag; /* a reference the walker holds (fixed ids) or the extra_kinds dict holds */
    int role, flags, is_a, is_input;
} kind;

typedef struct {
    lx_node *next;
    Py_ssize_t pos;
    long p, block, ls;
    int link;
} frame;

typedef struct {
    /* configuration */
    uintptr_t text_id;
    kind kinds[KIND_SLOTS];
    char known[KIND_SLOTS];
    PyObject *extra_kinds; /* dict: tag id (above the slots) -> kind tuple, filled as met */
    PyObject *flag_cache, *name_flags, *attr_flags, *kind_of;
    uintptr_t static_ids[MAX_ATTR_NAMES];
    PyObject *static_names[MAX_ATTR_NAMES];
    int n_static;
    PyObject *dynamic_keys[MAX_ATTR_NAMES]; /* bytes, as Lexbor's hash holds the name */
    PyObject *dynamic_names[MAX_ATTR_NAMES];
    int n_dynamic;
    PyObject *type_name; /* the "type" attribute's name, as the names above hold it */
    /* results */
    PyObject *tags, *parents, *positions, *classes, *segments, *lines, *line_spans, *hints, *noise;
    long password_inputs;
    int lines_ok;
    int unknown_tag; /* a fixed tag id with no kind: the caller walks in Python */
    /* state */
    buffer seg, line;
    long seg_owner;
    Py_ssize_t seg_link;
    Py_ssize_t n_lines;
    frame *stack;
    Py_ssize_t depth, stack_cap;
} walker;

static int
append_long(PyObject *list, long value)
{
    PyObject *obj = PyLong_FromLong(value);
    if (obj == NULL)
        return -1;
    int rc = PyList_Append(list, obj);
    Py_DECREF(obj);
    return rc;
}

static int
kind_from_tuple(PyObject *tuple, kind *out)
{
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) != 3) {
        PyErr_SetString(PyExc_TypeError, "a kind is a (tag, role, flags) tuple");
        return -1;
    }
    out->tag = PyTuple_GET_ITEM(tuple, 0);
    if (!PyUnicode_Check(out->tag)) {
        PyErr_SetString(PyExc_TypeError, "a kind's tag is a str");
        return -1;
    }
    out->role = (int)PyLong_AsLong(PyTuple_GET_ITEM(tuple, 1));
    out->flags = (int)PyLong_AsLong(PyTuple_GET_ITEM(tuple, 2));
    if (PyErr_Occurred())
        return -1;
    out->is_a = PyUnicode_CompareWithASCIIString(out->tag, "a") == 0;
    out->is_input = PyUnicode_CompareWithASCIIString(out->tag, "input") == 0;
    return 0;
}

/* The kind of a node's tag id: 1 found, 0 a fixed id nobody named (unknown_tag set), -1 error. */
static int
lookup_kind(walker *w, uintptr_t id, kind *out)
{
    if (id < KIND_SLOTS && w->known[id]) {
        *out = w->kinds[id];
        return 1;
    }
    if (id < LX_MAX_STATIC_ID) {
        w->unknown_tag = 1;
        return 0;
    }
    PyObject *key = PyLong_FromVoidPtr((void *)id);
    if (key == NULL)
        return -1;
    PyObject *tuple = PyDict_GetItemWithError(w->extra_kinds, key); /* borrowed */
    if (tuple == NULL) {
        if (PyErr_Occurred()) {
            Py_DECREF(key);
            return -1;
        }
        size_t len;
        const unsigned char *name = entry_name(id, &len);
        PyObject *tag = PyUnicode_DecodeUTF8((const char *)name, (Py_ssize_t)len, "replace");
        if (tag == NULL) {
            Py_DECREF(key);
            return -1;
        }
        tuple = PyObject_CallOneArg(w->kind_of, tag);
        Py_DECREF(tag);
        if (tuple == NULL || PyDict_SetItem(w->extra_kinds, key, tuple) < 0) {
            Py_XDECREF(tuple);
            Py_DECREF(key);
            return -1;
        }
        Py_DECREF(tuple); /* the dict holds it */
    }
    Py_DECREF(key);
    return kind_from_tuple(tuple, out) < 0 ? -1 : 1;
}

static PyObject *
attr_value(const lx_attr *attr)
{
    if (attr->value == NULL || attr->value->data == NULL)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8((const char *)attr->value->data, (Py_ssize_t)attr->value->length,
                                "replace");
}

/* The name of an attribute this walk reads (flag attributes and "type"), borrowed, or NULL. */
static PyObject *
wanted_attr(const walker *w, const lx_attr *attr)
{
    uintptr_t id = attr->node.local_name;
    if (id < LX_MAX_STATIC_ID) {
        for (int k = 0; k < w->n_static; k++)
            if (w->static_ids[k] == id)
                return w->static_names[k];
        return NULL;
    }
    size_t len;
    const unsigned char *name = entry_name(id, &len);
    for (int k = 0; k < w->n_dynamic; k++) {
        PyObject *want = w->dynamic_keys[k];
        if ((size_t)PyBytes_GET_SIZE(want) == len && memcmp(PyBytes_AS_STRING(want), name, len) == 0)
            return w->dynamic_names[k];
    }
    return NULL;
}

static int
flush_segment(walker *w)
{
    PyObject *raw = PyUnicode_DecodeUTF8(w->seg.data, w->seg.len, "replace");
    if (raw == NULL)
        return -1;
    PyObject *item = Py_BuildValue("(Nln)", raw, w->seg_owner, w->seg_link);
    if (item == NULL)
        return -1;
    int rc = PyList_Append(w->segments, item);
    Py_DECREF(item);
    w->seg.len = 0;
    w->seg_link = 0;
    return rc;
}

static int
flush_line(walker *w)
{
    int rc = 0;
    if (!blank_text((const unsigned char *)w->line.data, (size_t)w->line.len, 1)) {
        PyObject *raw = PyUnicode_DecodeUTF8(w->line.data, w->line.len, "replace");
        if (raw == NULL)
            return -1;
        rc = PyList_Append(w->lines, raw);
        Py_DECREF(raw);
        w->n_lines++;
    }
    w->line.len = 0;
    return rc;
}

/* A text node: its data, or NULL (with *n 0) when it is white space only. */
static const unsigned char *
text_data(const lx_node *node, size_t *n)
{
    const lx_chardata *text = (const lx_chardata *)node;
    const unsigned char *data = text->data.data;
    *n = text->data.length;
    if (data == NULL || *n == 0 || blank_text(data, *n, 0)) {
        *n = 0;
        return NULL;
    }
    return data;
}

/* The metadata lines inside a subtree the segments skip (hidden, or a button). */
static int
hidden_lines(walker *w, lx_node *top)
{
    typedef struct {
        lx_node *next;
        int boundary;
    } hframe;
    hframe *stack = NULL;
    Py_ssize_t depth = 0, cap = 0;
    int rc = -1;
    lx_node *cur = top->first_child;
    for (;;) {
        lx_node *node = cur;
        if (node == NULL) {
            if (depth == 0)
                break;
            depth--;
            cur = stack[depth].next;
            if (stack[depth].boundary && w->line.len && flush_line(w) < 0)
                goto done;
            continue;
        }
        cur = node->next;
        if (node->local_name == w->text_id) {
            size_t n;
            const unsigned char *data = text_data(node, &n);
            if (data == NULL) {
                if (w->line.len && buf_append(&w->line, " ", 1) < 0)
                    goto done;
            }
            else if (buf_append(&w->line, (const char *)data, (Py_ssize_t)n) < 0)
                goto done;
            continue;
        }
        kind k;
        int found = lookup_kind(w, node->local_name, &k);
        if (found <= 0) {
            rc = found;
            goto done;
        }
        if (k.role == R_COMMENT || k.role & R_LSKIP)
            continue;
        int boundary = (k.role & R_LBLOCK) != 0;
        if (boundary && w->line.len && flush_line(w) < 0)
            goto done;
        if (depth == cap) {
            cap = cap ? cap * 2 : 32;
            hframe *grown = PyMem_Realloc(stack, (size_t)cap * sizeof(hframe));
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            stack = grown;
        }
        stack[depth].next = cur;
        stack[depth].boundary = boundary;
        depth++;
        cur = node->first_child;
    }
    rc = 1;
done:
    PyMem_Free(stack);
    return rc;
}

/* Flags of an element from its class, id and flag attributes; *cls gets its class (new ref or None),
 * *type_attr its "type" value (new ref) when it has one. */
static int
element_flags(walker *w, const lx_element *el, const kind *k, int read_attrs, int *flags, PyObject **cls,
              PyObject **type_attr)
{
    *cls = NULL;
    *type_attr = NULL;
    *cls = el->attr_class ? attr_value(el->attr_class) : (Py_INCREF(Py_None), Py_None);
    if (*cls == NULL)
        return -1;
    if (!read_attrs || el->first_attr == NULL)
        return 0;
    PyObject *ident = el->attr_id ? attr_value(el->attr_id) : (Py_INCREF(Py_None), Py_None);
    if (ident == NULL)
        return -1;
    int has_cls = *cls != Py_None && PyUnicode_GET_LENGTH(*cls) > 0;
    int has_id = ident != Py_None && PyUnicode_GET_LENGTH(ident) > 0;
    if (has_cls || has_id) {
        PyObject *empty = PyUnicode_New(0, 0);
        PyObject *key = PyTuple_Pack(3, k->tag, has_cls ? *cls : empty, has_id ? ident : empty);
        Py_DECREF(empty);
        if (key == NULL) {
            Py_DECREF(ident);
            return -1;
        }
        PyObject *cached = PyDict_GetItemWithError(w->flag_cache, key); /* borrowed */
        PyObject *value = NULL;
        if (cached != NULL) {
            Py_INCREF(cached);
            value = cached;
        }
        else if (!PyErr_Occurred())
            value = PyObject_Call(w->name_flags, key, NULL);
        Py_DECREF(key);
        if (value == NULL) {
            Py_DECREF(ident);
            return -1;
        }
        *flags = (int)PyLong_AsLong(value);
        Py_DECREF(value);
        if (PyErr_Occurred()) {
            Py_DECREF(ident);
            return -1;
        }
    }
    Py_DECREF(ident);
    PyObject *found = NULL;
    for (const lx_attr *attr = el->first_attr; attr != NULL; attr = attr->next) {
        PyObject *name = wanted_attr(w, attr);
        if (name == NULL)
            continue;
        PyObject *value = attr_value(attr);
        if (value == NULL)
            goto error;
        if (name == w->type_name || PyUnicode_Compare(name, w->type_name) == 0) {
            Py_XDECREF(*type_attr);
            *type_attr = value;
            continue;
        }
        if (found == NULL && (found = PyDict_New()) == NULL) {
            Py_DECREF(value);
            goto error;
        }
        int rc = PyDict_SetItem(found, name, value);
        Py_DECREF(value);
        if (rc < 0)
            goto error;
    }
    if (found != NULL) {
        PyObject *value = PyObject_CallFunction(w->attr_flags, "iO", *flags, found);
        Py_DECREF(found);
        if (value == NULL)
            return -1;
        *flags = (int)PyLong_AsLong(value);
        Py_DECREF(value);
        if (PyErr_Occurred())
            return -1;
    }
    return 0;
error:
    Py_XDECREF(found);
    return -1;
}

static int
is_password(PyObject *type_attr)
{
    if (type_attr == NULL || type_attr == Py_None)
        return 0;
    PyObject *lower = PyObject_CallMethod(type_attr, "lower", NULL);
    if (lower == NULL)
        return -1;
    int same = PyUnicode_CompareWithASCIIString(lower, "password") == 0;
    Py_DECREF(lower);
    return same;
}

static int
push(walker *w, frame f)
{
    if (w->depth == w->stack_cap) {
        Py_ssize_t cap = w->stack_cap ? w->stack_cap * 2 : 64;
        frame *grown = PyMem_Realloc(w->stack, (size_t)cap * sizeof(frame));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        w->stack = grown;
        w->stack_cap = cap;
    }
    w->stack[w->depth++] = f;
    return 0;
}

static int
add_element(walker *w, const kind *k, long parent, Py_ssize_t pos, PyObject *cls, int flags, long i)
{
    if (PyList_Append(w->tags, k->tag) < 0 || append_long(w->parents, parent) < 0)
        return -1;
    PyObject *position = PyLong_FromSsize_t(pos);
    if (position == NULL)
        return -1;
    int rc = PyList_Append(w->positions, position);
    Py_DECREF(position);
    if (rc < 0 || PyList_Append(w->classes, cls) < 0)
        return -1;
    if (flags & F_HINT)
        return append_long(w->hints, i);
    if (flags & F_NOISE)
        return append_long(w->noise, i);
    return 0;
}

/* 1: walked; 0: met a tag with no kind (the caller walks in Python); -1: error. */
static int
run_walk(walker *w, lx_node *root)
{
    lx_node *cur = root;
    int single = 1; /* the top level holds the root alone */
    Py_ssize_t pos = 0;
    long p = -1, block = -1, ls = -1, n_elements = 0;
    int link = 0;
    for (;;) {
        lx_node *node = cur;
        if (node == NULL) { /* the children of element p have run out: it ends */
            if (ls >= 0) {
                if (w->line.len && flush_line(w) < 0)
                    return -1;
                if (w->n_lines > ls) {
                    PyObject *key = PyLong_FromLong(p);
                    PyObject *span = Py_BuildValue("(ln)", ls, w->n_lines);
                    int rc = key && span ? PyDict_SetItem(w->line_spans, key, span) : -1;
                    Py_XDECREF(key);
                    Py_XDECREF(span);
                    if (rc < 0)
                        return -1;
                }
            }
            if (w->depth == 0)
                return 1;
            frame f = w->stack[--w->depth];
            cur = f.next;
            pos = f.pos;
            p = f.p;
            block = f.block;
            ls = f.ls;
            link = f.link;
            single = 0;
            continue;
        }
        cur = single ? NULL : node->next;
        Py_ssize_t node_pos = pos++;
        if (node->local_name == w->text_id) {
            size_t n;
            const unsigned char *data = text_data(node, &n);
            if (data == NULL) {
                if (w->seg.len && buf_append(&w->seg, " ", 1) < 0)
                    return -1;
                if (w->line.len && buf_append(&w->line, " ", 1) < 0)
                    return -1;
                continue;
            }
            if (block != w->seg_owner) {
                if (w->seg.len && flush_segment(w) < 0)
                    return -1;
                w->seg_owner = block;
            }
            if (buf_append(&w->seg, (const char *)data, (Py_ssize_t)n) < 0 ||
                buf_append(&w->line, (const char *)data, (Py_ssize_t)n) < 0)
                return -1;
            if (link)
                w->seg_link += counted_chars(data, n);
            continue;
        }
        kind k;
        int found = lookup_kind(w, node->local_name, &k);
        if (found <= 0)
            return found;
        if (k.role == R_COMMENT)
            continue;
        int role = k.role, flags = k.flags;
        PyObject *cls = NULL, *type_attr = NULL;
        if (node->type == LX_NODE_ELEMENT) {
            if (element_flags(w, (const lx_element *)node, &k, !(role & R_VOID), &flags, &cls, &type_attr) <
                0) {
                Py_XDECREF(cls);
                Py_XDECREF(type_attr);
                return -1;
            }
        }
        else {
            Py_INCREF(Py_None);
            cls = Py_None;
        }
        if (flags & F_HIDDEN || role & R_SKIP) {
            Py_DECREF(cls);
            Py_XDECREF(type_attr);
            if (role & R_BLOCK && w->seg.len && flush_segment(w) < 0)
                return -1;
            if (!(role & R_LSKIP)) { /* hidden text and buttons are still read by the metadata stage */
                if (role & R_LBLOCK && w->line.len && flush_line(w) < 0)
                    return -1;
                int rc = hidden_lines(w, node);
                if (rc <= 0)
                    return rc;
                if (role & R_LBLOCK && w->line.len && flush_line(w) < 0)
                    return -1;
            }
            continue;
        }
        long i = n_elements++;
        int rc = add_element(w, &k, p, node_pos, cls, flags, i);
        Py_DECREF(cls);
        if (rc < 0) {
            Py_XDECREF(type_attr);
            return -1;
        }
        if (role & R_VOID) { /* no children: it ends where it starts, and the state stays */
            Py_XDECREF(type_attr);
            if (role & (R_BLOCK | R_BREAK) && w->seg.len && flush_segment(w) < 0)
                return -1;
            if (role & R_LBLOCK && w->line.len && flush_line(w) < 0)
                return -1;
            continue;
        }
        frame saved = {cur, pos, p, block, ls, link};
        if (push(w, saved) < 0) {
            Py_XDECREF(type_attr);
            return -1;
        }
        cur = node->first_child;
        pos = 0;
        single = 0;
        p = i;
        link = link || k.is_a;
        if (role & R_BLOCK || i == 0) {
            block = i;
            if (w->seg.len && flush_segment(w) < 0) {
                Py_XDECREF(type_attr);
                return -1;
            }
        }
        else if (role & R_BREAK) {
            if (w->seg.len && flush_segment(w) < 0) {
                Py_XDECREF(type_attr);
                return -1;
            }
            if (k.is_input) {
                int password = is_password(type_attr);
                if (password < 0) {
                    Py_XDECREF(type_attr);
                    return -1;
                }
                w->password_inputs += password;
            }
        }
        Py_XDECREF(type_attr);
        if (role & R_LBLOCK && i != 0) { /* the root is no line boundary */
            if (w->line.len && flush_line(w) < 0)
                return -1;
            ls = (long)w->n_lines;
        }
        else {
            ls = -1;
            if (role & R_LSKIP && node->first_child != NULL)
                w->lines_ok = 0; /* text the segments keep but the lines skip (<head>, <script>) */
        }
    }
}

static PyObject *
subtree_ends(PyObject *parents)
{
    Py_ssize_t n = PyList_GET_SIZE(parents);
    Py_ssize_t *end = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    if (end == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++)
        end[i] = i + 1;
    for (Py_ssize_t i = n - 1; i > 0; i--) {
        long p = PyLong_AsLong(PyList_GET_ITEM(parents, i));
        if (p >= 0 && end[i] > end[p])
            end[p] = end[i];
    }
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *v = PyLong_FromSsize_t(end[i]);
        if (v == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, v);
    }
    PyMem_Free(end);
    return out;
}

static int
load_kinds(walker *w, PyObject *kinds)
{
    PyObject *key, *value;
    Py_ssize_t it = 0;
    while (PyDict_Next(kinds, &it, &key, &value)) {
        size_t id = PyLong_AsSize_t(key);
        if (id == (size_t)-1 && PyErr_Occurred())
            return -1;
        if (id >= KIND_SLOTS)
            continue;
        if (kind_from_tuple(value, &w->kinds[id]) < 0)
            return -1;
        Py_INCREF(w->kinds[id].tag); /* held: Python code run by a callback may change the dict */
        w->known[id] = 1;
    }
    return 0;
}

/* The attributes the walk reads: {static id: name} and {name as bytes: name} for the others. */
static int
load_attr_names(walker *w, PyObject *static_names, PyObject *dynamic_names, PyObject *type_name)
{
    PyObject *key, *value;
    Py_ssize_t it = 0;
    w->type_name = type_name;
    if (PyDict_GET_SIZE(static_names) > MAX_ATTR_NAMES || PyDict_GET_SIZE(dynamic_names) > MAX_ATTR_NAMES) {
        PyErr_SetString(PyExc_ValueError, "too many attribute names");
        return -1;
    }
    while (PyDict_Next(static_names, &it, &key, &value)) {
        w->static_ids[w->n_static] = (uintptr_t)PyLong_AsSize_t(key);
        w->static_names[w->n_static++] = value;
    }
    it = 0;
    while (PyDict_Next(dynamic_names, &it, &key, &value)) {
        if (!PyBytes_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "dynamic attribute names are keyed by bytes");
            return -1;
        }
        w->dynamic_keys[w->n_dynamic] = key;
        w->dynamic_names[w->n_dynamic++] = value;
    }
    return PyErr_Occurred() ? -1 : 0;
}

static void
walker_free(walker *w)
{
    for (int id = 0; id < KIND_SLOTS; id++)
        if (w->known[id])
            Py_DECREF(w->kinds[id].tag);
    Py_XDECREF(w->extra_kinds);
    Py_XDECREF(w->tags);
    Py_XDECREF(w->parents);
    Py_XDECREF(w->positions);
    Py_XDECREF(w->classes);
    Py_XDECREF(w->segments);
    Py_XDECREF(w->lines);
    Py_XDECREF(w->line_spans);
    Py_XDECREF(w->hints);
    Py_XDECREF(w->noise);
    PyMem_Free(w->seg.data);
    PyMem_Free(w->line.data);
    PyMem_Free(w->stack);
}

static PyObject *
walk(PyObject *self, PyObject *args)
{
    PyObject *root_addr, *kinds, *flag_cache, *name_flags, *attr_flags, *kind_of;
    PyObject *static_names, *dynamic_names, *type_name;
    unsigned long long text_id;
    if (!PyArg_ParseTuple(args, "OKO!O!OOOO!O!U:walk", &root_addr, &text_id, &PyDict_Type, &kinds,
                          &PyDict_Type, &flag_cache, &name_flags, &attr_flags, &kind_of, &PyDict_Type,
                          &static_names, &PyDict_Type, &dynamic_names, &type_name))
        return NULL;
    lx_node *root;
    if (address_arg(root_addr, (void **)&root) < 0)
        return NULL;
    walker w;
    memset(&w, 0, sizeof w);
    w.text_id = (uintptr_t)text_id;
    w.flag_cache = flag_cache;
    w.name_flags = name_flags;
    w.attr_flags = attr_flags;
    w.kind_of = kind_of;
    w.seg_owner = -1;
    w.lines_ok = 1;
    PyObject *result = NULL;
    if (load_kinds(&w, kinds) < 0 || load_attr_names(&w, static_names, dynamic_names, type_name) < 0)
        goto done;
    if (!(w.extra_kinds = PyDict_New()) || !(w.tags = PyList_New(0)) || !(w.parents = PyList_New(0)) ||
        !(w.positions = PyList_New(0)) || !(w.classes = PyList_New(0)) ||
        !(w.segments = PyList_New(0)) || !(w.lines = PyList_New(0)) || !(w.line_spans = PyDict_New()) ||
        !(w.hints = PyList_New(0)) || !(w.noise = PyList_New(0)))
        goto done;
    int rc = run_walk(&w, root);
    if (rc < 0)
        goto done;
    if (rc == 0 || w.unknown_tag) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    if (w.seg.len && flush_segment(&w) < 0)
        goto done;
    if (w.line.len && flush_line(&w) < 0)
        goto done;
    PyObject *end = subtree_ends(w.parents);
    if (end == NULL)
        goto done;
    result = Py_BuildValue("(OOOOONOOOOl)", w.tags, w.parents, w.positions, w.classes, w.segments, end,
                           w.lines_ok ? w.lines : Py_None, w.line_spans, w.hints, w.noise,
                           w.password_inputs);
done:
    walker_free(&w);
    return result;
}

static PyMethodDef methods[] = {
    {"walk", walk, METH_VARARGS,
     "walk(root_mem_id, text_id, kinds, flag_cache, name_flags, attr_flags, kind_of, static_attr_names, "
     "dynamic_attr_names, type_name) -> tuple | None"},
    {"probe_node", probe_node, METH_O, "(local_name, type, next, parent, first_child) of a node"},
    {"probe_element", probe_element, METH_O, "(first_attr, last_attr, attr_id, attr_class) of an element"},
    {"probe_attr", probe_attr, METH_O, "(local_name, value, owner, next) of an attribute"},
    {"probe_text", probe_text, METH_O, "the data of a text node"},
    {"probe_entry", probe_entry, METH_O, "the name behind a tag or attribute id of a hash entry"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lexwalk", "The page walk of article_extract.segments, in C.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__lexwalk(void)
{
    return PyModule_Create(&module);
}
