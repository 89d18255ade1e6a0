//===- ImplicitAllocationCheck.cpp -------------------------------------------===//
// The adapter has no behaviour of its own; this file anchors the class.
#include "ImplicitAllocationCheck.h"
