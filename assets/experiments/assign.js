/* Experiment assignment in the browser: the twin of tma_app/experiments/hashing.py and
 * assignment.py, pinned by tests/support/experiment_vectors.json (checked with node in pytest).
 *
 *   h       = MurmurHash3_x86_32(UTF-8 of salt + ":" + experimentId + ":" + unitId, seed 0)
 *   bucket  = h / 2^32
 *   slot    = floor(h * totalWeight / 2^32)      exact: h * total < 2^53 for total <= 10^6
 *   variant = the first whose running weight sum exceeds slot
 *
 * Math.imul keeps every multiply in 32 bits, so no BigInt is needed.
 * In a page: window.tmaExperiments; in node: require(). No eval, no network. */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.tmaExperiments = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var C1 = 0xcc9e2d51, C2 = 0x1b873593, TWO_32 = 4294967296, MAX_TOTAL_WEIGHT = 1000000;
  var ANONYMOUS = /^[A-Za-z0-9_-]{8,64}$/;

  function rotl(value, bits) {
    return (value << bits) | (value >>> (32 - bits));
  }

  function mixK(k) {
    return Math.imul(rotl(Math.imul(k, C1), 15), C2);
  }

  /* MurmurHash3_x86_32 of a byte array (Uint8Array), as an unsigned integer. */
  function murmur3(bytes, seed) {
    var h = (seed || 0) | 0, length = bytes.length, whole = length - (length % 4), k, i;
    for (i = 0; i < whole; i += 4) {
      k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
      h ^= mixK(k);
      h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
    }
    k = 0;
    switch (length & 3) {
      case 3: k ^= bytes[whole + 2] << 16; // falls through
      case 2: k ^= bytes[whole + 1] << 8; // falls through
      case 1: k ^= bytes[whole]; h ^= mixK(k);
    }
    h ^= length;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function unitHash(salt, experimentId, unitId) {
    return murmur3(utf8(salt + ":" + experimentId + ":" + unitId), 0);
  }

  function bucket(salt, experimentId, unitId) {
    return unitHash(salt, experimentId, unitId) / TWO_32;
  }

  function totalWeight(experiment) {
    var total = 0;
    experiment.variants.forEach(function (variant) {
      if (!(Number.isInteger(variant.weight) && variant.weight >= 0)) throw new Error("weights are non-negative integers");
      total += variant.weight;
    });
    if (!(total > 0 && total <= MAX_TOTAL_WEIGHT)) throw new Error("weights must sum to 1.." + MAX_TOTAL_WEIGHT);
    return total;
  }

  /* experiment: {id, salt, variants: [{name, weight}]}, the first variant being the control. */
  function chooseVariant(experiment, unitId) {
    var total = totalWeight(experiment);
    var slot = Math.floor((unitHash(experiment.salt, experiment.id, unitId) * total) / TWO_32);
    var cumulative = 0;
    for (var i = 0; i < experiment.variants.length; i++) {
      cumulative += experiment.variants[i].weight;
      if (slot < cumulative) return experiment.variants[i].name;
    }
    throw new Error("unreachable: slot below total weight");
  }

  function userUnit(userId) {
    if (!(Number.isSafeInteger(userId) && userId > 0)) throw new Error("a Telegram user id is a positive integer");
    return String(userId);
  }

  function anonymousUnit(anonymousId) {
    if (typeof anonymousId !== "string" || !ANONYMOUS.test(anonymousId)) throw new Error("an anonymous id is 8-64 of [A-Za-z0-9_-]");
    return "anon:" + anonymousId;
  }

  return {
    murmur3: murmur3,
    unitHash: unitHash,
    bucket: bucket,
    chooseVariant: chooseVariant,
    userUnit: userUnit,
    anonymousUnit: anonymousUnit,
  };
});
