# Generates the R reference vectors for the canary judge's Mann-Whitney test:
#   test/fixtures/canary/wilcox-reference.json
#
#   Rscript scripts/gen-canary-reference.R [OUT_FILE]
#
# Each case is one call of
#   wilcox.test(experiment, control, exact = FALSE, correct = TRUE,
#               conf.int = TRUE, conf.level = <level>)
# with its p-value, W statistic, interval and estimate printed with 17 significant digits
# (enough to round-trip every double). Small cases carry their data inline (null marks NA).
# Large cases (n up to 10^6 per side) are described by a generator that the TypeScript test
# reimplements bit for bit: a Park-Miller stream and only correctly rounded arithmetic
# (+, -, *, /, floor), so both languages produce identical doubles without storing the data.
# Only base R is needed (no packages). The tests read the JSON and never run R.

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[1] else "test/fixtures/canary/wilcox-reference.json"

num <- function(v) {
  if (length(v) == 0) return("[]")
  s <- ifelse(is.na(v), "null", sprintf("%.17g", v))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(v) if (is.na(v)) "null" else sprintf("%.17g", v)
quote_str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")

# Park-Miller minimal standard generator; every product stays below 2^46, so it is exact.
park_miller <- function(seed, n) {
  out <- numeric(n)
  s <- seed
  for (i in seq_len(n)) {
    s <- (16807 * s) %% 2147483647
    out[i] <- s
  }
  out / 2147483647
}
generate <- function(kind, seed, n, scale) {
  u <- park_miller(seed, n)
  base <- switch(kind,
    continuous = 50 + 950 * u * u * u,
    ties = floor(50 + 950 * u * u * u),
    errors = floor(u * u * u * 5) / 1000,
    stop("unknown kind ", kind))
  base * scale
}

run <- function(x, y, level) {
  w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE,
                                    conf.int = TRUE, conf.level = level))
  list(p = w$p.value, W = unname(w$statistic), lo = w$conf.int[1],
       hi = w$conf.int[2], est = unname(w$estimate))
}

result_json <- function(r) {
  sprintf("\"pValue\":%s,\"statistic\":%s,\"lower\":%s,\"upper\":%s,\"estimate\":%s",
          scalar(r$p), scalar(r$W), scalar(r$lo), scalar(r$hi), scalar(r$est))
}

cases <- character(0)
add_inline <- function(name, x, y, level = 0.98) {
  r <- run(x, y, level)
  cases <<- c(cases, sprintf("{\"name\":%s,\"confLevel\":%s,\"experiment\":%s,\"control\":%s,%s}",
                             quote_str(name), scalar(level), num(x), num(y), result_json(r)))
}
add_generated <- function(name, kind, n_x, n_y, seed_x, seed_y, scale, level = 0.98) {
  x <- generate(kind, seed_x, n_x, scale)
  y <- generate(kind, seed_y, n_y, 1)
  elapsed <- system.time(r <- run(x, y, level))[["elapsed"]]
  message(sprintf("%s: %.1f s", name, elapsed))
  gen <- sprintf("{\"kind\":%s,\"experiment\":{\"seed\":%d,\"n\":%d,\"scale\":%s},\"control\":{\"seed\":%d,\"n\":%d,\"scale\":1}}",
                 quote_str(kind), seed_x, n_x, scalar(scale), seed_y, n_y)
  cases <<- c(cases, sprintf("{\"name\":%s,\"confLevel\":%s,\"generator\":%s,%s}",
                             quote_str(name), scalar(level), gen, result_json(r)))
}

set.seed(20240607)

# Continuous data, equal and unequal sizes, small to moderate n.
for (n in c(3, 4, 5, 7, 10, 20, 50)) {
  add_inline(sprintf("normal n=%d shift 0", n), rnorm(n, 100, 10), rnorm(n, 100, 10))
  add_inline(sprintf("normal n=%d shift +1sd", n), rnorm(n, 110, 10), rnorm(n, 100, 10))
}
add_inline("unequal 5 vs 200", rnorm(5, 1, 1), rnorm(200))
add_inline("unequal 300 vs 11", rexp(300), rexp(11, 0.5))
add_inline("unequal 1 vs 59 (interval at an endpoint)", 1, 2:60)
add_inline("unequal 2 vs 3", c(1.5, 2.5), c(1, 2, 3))
add_inline("unequal 60 vs 1", rnorm(60), 0.3)

# Ties: integer latencies, rounded values, heavy ties across samples.
add_inline("integer ties n=30", round(rnorm(30, 20, 3)), round(rnorm(30, 21, 3)))
add_inline("integer ties n=200 unequal", round(rnorm(200, 50, 5)), round(rnorm(150, 50, 5)))
add_inline("few distinct values", sample(1:3, 40, TRUE), sample(1:3, 45, TRUE))
add_inline("two distinct values", sample(c(0, 1), 25, TRUE), sample(c(0, 1), 30, TRUE))
add_inline("rounded to 0.1 n=500", round(rnorm(500, 5, 1), 1), round(rnorm(500, 5.1, 1), 1))

# Zeros: sparse error counts, mostly zero.
add_inline("mostly zeros", rpois(60, 0.05), rpois(60, 0.05))
add_inline("mostly zeros vs some", rpois(60, 0.5), rpois(60, 0.02))
add_inline("zeros vs positive", rep(0, 12), c(0, 0, 1, 2, 0, 3, 0, 0, 1, 0))

# NaN (NA): R drops them; the test drops the nulls before testing.
xna <- rnorm(40, 10); xna[c(3, 17, 22)] <- NA
yna <- rnorm(35, 10.5); yna[c(1, 35)] <- NA
add_inline("with NA values", xna, yna)

# Scale: error rates around 1e-3, tiny values, latencies 1e3..1e6, large offsets.
add_inline("error rates ~1e-3", rbeta(80, 2, 1500), rbeta(80, 2, 2000))
add_inline("error rates ~1e-3 rounded", round(rbeta(100, 2, 1500), 5), round(rbeta(100, 2, 1500), 5))
add_inline("tiny 1e-9 values", rnorm(50, 5e-9, 1e-9), rnorm(50, 4e-9, 1e-9))
add_inline("latency lognormal ~1e3", rlnorm(200, 7, 0.5), rlnorm(180, 7.05, 0.5))
add_inline("latency heavy tail 1e3..1e6", rlnorm(300, 9, 1.5), rlnorm(300, 9, 1.5))
add_inline("large offset 1e6 + noise", 1e6 + rnorm(100, 0, 0.01), 1e6 + rnorm(100, 0.001, 0.01))
add_inline("mixed scales 1e-3 vs 1e3", rnorm(30, 1e-3, 1e-4), rnorm(30, 1e3, 10))
add_inline("negative and positive", rnorm(70, -0.5, 2), rnorm(70, 0.5, 2))

# Constant series (one side constant; both constant is handled by the judge, not R).
add_inline("experiment constant", rep(7, 20), rnorm(25, 7, 1))
add_inline("control constant", rnorm(25, 7.5, 1), rep(7, 20))
add_inline("constant vs constant plus one", rep(10, 15), c(rep(10, 14), 11))

# Other confidence levels.
add_inline("conf 0.95", rnorm(40, 1), rnorm(40), 0.95)
add_inline("conf 0.90", rnorm(40, 1), rnorm(40), 0.90)
add_inline("conf 0.999", rnorm(400, 0.3), rnorm(400), 0.999)

# Bigger inline cases.
add_inline("normal n=2000", rnorm(2000, 10.2, 3), rnorm(2000, 10, 3))
add_inline("ties n=10000", round(rlnorm(10000, 4, 0.4)), round(rlnorm(10000, 4.01, 0.4)))

# Generated (stored as a recipe, not data).
add_generated("generated continuous 10^4", "continuous", 10000, 10000, 11, 12, 1.02)
add_generated("generated ties 10^4 x 3*10^3", "ties", 10000, 3000, 13, 14, 1.1)
add_generated("generated errors 10^4", "errors", 10000, 10000, 15, 16, 1)
add_generated("generated continuous 10^5", "continuous", 100000, 100000, 17, 18, 1.001)
add_generated("generated ties 10^5", "ties", 100000, 100000, 19, 20, 1.01)
if (!identical(Sys.getenv("SKIP_MILLION"), "1")) {
  add_generated("generated continuous 10^6", "continuous", 1000000, 1000000, 21, 22, 1.0005)
}

# Normal distribution: qnorm (lower and upper tail) and pnorm upper tail.
q_p <- c(0.01, (1 - 0.98) / 2, (1 - 0.95) / 2, 0.001, 0.2, 0.5, 0.7, 1e-5, 1e-12, 1e-50, 1e-300,
         runif(40, 0, 0.5), 10^runif(40, -300, -2))
normal_q <- sprintf("{\"p\":%s,\"lower\":%s,\"upper\":%s}", sprintf("%.17g", q_p),
                    sprintf("%.17g", qnorm(q_p)), sprintf("%.17g", qnorm(q_p, lower.tail = FALSE)))
p_x <- c(0, 0.1, 0.5, 0.6744897, 0.6744898, 1, 1.96, 2.3263478740408408, 3, 5.6568, 5.6569, 8, 10,
         20, 37, 38, -0.3, -2, -7, -30, runif(40, -40, 40))
normal_p <- sprintf("{\"x\":%s,\"upper\":%s}", sprintf("%.17g", p_x),
                    sprintf("%.17g", pnorm(p_x, lower.tail = FALSE)))

# R-7 percentiles (R's default quantile type) at the probabilities the outlier detector uses.
quantile_cases <- character(0)
for (n in c(1, 2, 3, 7, 10, 101)) {
  v <- round(rlnorm(n, 3, 1), 3)
  q <- quantile(v, c(0.01, 0.25, 0.75, 0.99), type = 7, names = FALSE)
  quantile_cases <- c(quantile_cases, sprintf("{\"values\":%s,\"p1\":%s,\"p25\":%s,\"p75\":%s,\"p99\":%s}",
                                              num(v), scalar(q[1]), scalar(q[2]), scalar(q[3]), scalar(q[4])))
}

json <- sprintf("{\"generatedBy\":\"scripts/gen-canary-reference.R\",\"rVersion\":%s,\"cases\":[\n%s\n],\n\"qnorm\":[%s],\n\"pnorm\":[%s],\n\"quantile\":[%s]}\n",
                quote_str(R.version.string), paste(cases, collapse = ",\n"),
                paste(normal_q, collapse = ","), paste(normal_p, collapse = ","),
                paste(quantile_cases, collapse = ","))
dir.create(dirname(out_file), showWarnings = FALSE, recursive = TRUE)
writeLines(json, out_file, sep = "")
message(sprintf("wrote %d cases to %s", length(cases), out_file))
