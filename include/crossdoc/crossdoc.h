// crossdoc: cross-document deduplication and fact reconciliation of news text.
// The umbrella header: include this, or only the header of the stage you use.
//
//   document.h     Document, Timestamp (input)
//   io.h           JSONL corpora, plain-text articles, JSON output
//   text.h         stage 1: normalize, segment, tokenize, equivalence keys
#pragma once

#include "crossdoc/document.h"
#include "crossdoc/io.h"
#include "crossdoc/text.h"
