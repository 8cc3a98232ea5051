// crossdoc: cross-document deduplication and fact reconciliation of news text.
// The umbrella header: include this, or only the header of the stage you use.
//
//   document.h     Document, Timestamp (input)
//   io.h           JSONL corpora, plain-text articles, JSON values and writer
//   text.h         stage 1: normalize, segment, tokenize, equivalence keys
//   fingerprint.h  stage 2: exact, MinHash and SimHash fingerprints
//   index.h        stage 3: LSH near-duplicate index, persistence, corpus deduplication
//   align.h        stage 4: passage and sentence alignment with token diffs
//   facts.h        stage 5: numbers, dates, entities, negation
//   reconcile.h    stage 6: conflicts and agreements across and within documents
#pragma once

#include "crossdoc/align.h"
#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/fingerprint.h"
#include "crossdoc/index.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"
