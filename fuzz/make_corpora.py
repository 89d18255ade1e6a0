#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the tests and the model.

  source/  every C file of the checker tests (test/checks) and of the
           tool tests' split files (test/tool/*.test)
  model/   the shipped model, the model tests' files, and one
           "#annotations" input per annotation text found in the tests
  source.dict  libFuzzer dictionary for source/: C keywords and punctuation,
           the stand-in kernel headers and every function and macro they declare
  store/   the summary store the tool writes for each multi-file tool test,
           and each TU's summaries as its cache keeps them (run here, so they
           always have today's schema)

Usage: make_corpora.py --source-root DIR --out DIR --tool PATH
The output folder is rebuilt from scratch; nothing in the tree is written.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def put(folder, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def split_file(path):
    """The files of an llvm split-file test: {name: text}."""
    files, name, lines = {}, None, []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = re.match(r'^(?://|#)--- (\S+)\s*$', line)
            if m:
                if name:
                    files[name] = ''.join(lines)
                name, lines = m.group(1), []
            elif name:
                lines.append(line)
    if name:
        files[name] = ''.join(lines)
    return files


def sources(root, out):
    for d, _, names in os.walk(os.path.join(root, 'test', 'checks')):
        for n in sorted(names):
            if n.endswith('.c'):
                with open(os.path.join(d, n), 'rb') as f:
                    put(out, f.read())
    for n in sorted(os.listdir(os.path.join(root, 'test', 'tool'))):
        if n.endswith('.test'):
            for name, text in split_file(os.path.join(root, 'test', 'tool', n)).items():
                if name.endswith('.c'):
                    put(out, text)


ANNOTATION = re.compile(r'ALLOCFLAGS_ANNOTATE\("((?:[^"\\]|\\.)*)"\)|annotate\("allocflags: ((?:[^"\\]|\\.)*)"\)')


def models(root, out):
    for d in (os.path.join(root, 'checker', 'model'), os.path.join(root, 'test', 'model', 'Inputs')):
        for n in sorted(os.listdir(d)):
            if n.endswith('.yaml'):
                with open(os.path.join(d, n), 'rb') as f:
                    put(out, f.read())
    texts = set()
    for top in ('test', 'allocators'):
        for d, _, names in os.walk(os.path.join(root, top)):
            for n in names:
                if n.endswith(('.c', '.h', '.cpp', '.test')):
                    with open(os.path.join(d, n), encoding='utf-8', errors='replace') as f:
                        for m in ANNOTATION.finditer(f.read()):
                            texts.add(m.group(1) or m.group(2))
    for t in sorted(texts):
        put(out, '#annotations\n' + t + '\n')


def stores(root, tool, out):
    kernel_inc = os.path.join(root, 'test', 'Inputs', 'kernel')
    made = 0
    for n in sorted(os.listdir(os.path.join(root, 'test', 'tool'))):
        if not n.startswith('cross-tu') or not n.endswith('.test'):
            continue
        files = split_file(os.path.join(root, 'test', 'tool', n))
        if 'compile_commands.json.in' not in files:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
                with open(os.path.join(tmp, name), 'w') as f:
                    f.write(text.replace('@DIR@', tmp).replace('@INC@', kernel_inc))
            os.rename(os.path.join(tmp, 'compile_commands.json.in'), os.path.join(tmp, 'compile_commands.json'))
            cache = os.path.join(tmp, 'cache')
            store = os.path.join(tmp, 'store.json')
            subprocess.run([tool, '-p', tmp, '-j', '1', '--summaries=' + store, '--cache-dir=' + cache],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if os.path.exists(store):
                with open(store, 'rb') as f:
                    put(out, f.read())
                made += 1
            for d, _, names in os.walk(cache):
                for c in names:
                    with open(os.path.join(d, c), 'rb') as f:
                        data = f.read()
                    try:
                        record = json.loads(data)['summary']['summaries']
                    except (ValueError, TypeError, KeyError):
                        continue
                    put(out, json.dumps(record, indent=1))
    if not made:
        sys.exit('make_corpora.py: the tool wrote no summary store (%s)' % tool)


C_WORDS = ['static', 'inline', 'void', 'int', 'unsigned', 'long', 'char', 'struct', 'union', 'enum', 'typedef',
           'const', 'volatile', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'break',
           'continue', 'return', 'goto', 'sizeof', '__attribute__', '__typeof__', 'extern', '#define', '#if',
           '#endif', 'NULL', '{', '}', '(', ')', ';', ',', '->', '.', '&', '*', '=', '==', '!', '?', ':', '|',
           '&&', '||', '<<', '[', ']', '+', '-']


def dictionary(root, path):
    inc = os.path.join(root, 'test', 'Inputs', 'kernel')
    headers, names = [], set()
    for d, _, files in os.walk(inc):
        for n in files:
            if n.endswith('.h'):
                headers.append(os.path.relpath(os.path.join(d, n), inc))
                with open(os.path.join(d, n), encoding='utf-8', errors='replace') as f:
                    text = f.read()
                names |= set(re.findall(r'\b([a-z_][a-z0-9_]{2,})\s*\(', text))
                names |= set(re.findall(r'#define ([A-Z_][A-Z0-9_]{2,})', text))
    names -= set(C_WORDS) | {'defined', 'typeof'}
    words = C_WORDS + ['#include <%s>\n' % h for h in sorted(headers)] + sorted(names)
    with open(path, 'w') as f:
        for w in words:
            f.write('"%s"\n' % w.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\x0A'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--source-root', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--tool', required=True)
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    for kind in ('source', 'model', 'store'):
        os.makedirs(os.path.join(a.out, kind))
    sources(a.source_root, os.path.join(a.out, 'source'))
    dictionary(a.source_root, os.path.join(a.out, 'source.dict'))
    models(a.source_root, os.path.join(a.out, 'model'))
    stores(a.source_root, a.tool, os.path.join(a.out, 'store'))


if __name__ == '__main__':
    main()
