package io.m3j.engine.config;

/** How token vectors become one sentence vector (sentence-transformers' Pooling module). */
public enum PoolingMode {
    CLS, MAX, MEAN, MEAN_SQRT_LEN, LAST_TOKEN
}
