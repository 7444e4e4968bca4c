//! The fleet's only source of randomness: SplitMix64, seeded per device from the global seed
//! and the device's index, so a device's day does not depend on threads or shards.
//!
//! Everything here uses integer arithmetic and the basic IEEE-754 operations (`+ - * /`), which
//! are exactly rounded on every platform: no `f64::ln` from the platform's libm, whose last bit
//! may differ between machines. A shard run on another machine of a batch scheduler draws the
//! same numbers.

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function: a bijective mix of 64 bits.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The independent streams of one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Who the device is and what its user does (the plan of the day).
    Plan = 1,
    /// How the host and the servers answer (faults drawn as effects come).
    Host = 2,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The stream `stream` of device `index` under the global `seed`: a function of those three
    /// numbers only.
    pub fn for_device(seed: u64, index: u64, stream: Stream) -> Rng {
        let device = mix64(mix64(seed ^ GAMMA) ^ index.wrapping_mul(GAMMA));
        Rng::new(mix64(
            device ^ (stream as u64).wrapping_mul(0xd1b5_4a32_d192_ed03),
        ))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (0 never, 1 always).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [0, n) (0 when n is 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Exponentially distributed with this mean (the gaps of a Poisson process), in the same
    /// unit as `mean`, rounded down.
    pub fn exponential(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 {
            return 0;
        }
        // 1 - unit() is in (0, 1]: its logarithm is finite.
        let draw = -mean * ln(1.0 - self.unit());
        if draw >= u64::MAX as f64 {
            u64::MAX
        } else {
            draw as u64
        }
    }

    /// An index into `weights` drawn in proportion to them (the last one when all are 0).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut point = self.unit() * total;
        for (index, weight) in weights.iter().enumerate() {
            if point < *weight {
                return index;
            }
            point -= weight;
        }
        weights.len().saturating_sub(1)
    }
}

/// The natural logarithm of a positive, finite `x`, from the basic operations only: `x = m·2^e`
/// with `m` in [1, 2), `ln m = 2·atanh((m-1)/(m+1))` by its series (|z| ≤ 1/3: 20 terms reach
/// the last bit).
pub fn ln(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64;
    let mut mantissa_bits = bits & ((1u64 << 52) - 1);
    if exponent == 0 {
        // Subnormal: normalise by hand.
        let shift = mantissa_bits.leading_zeros() as i64 - 11;
        mantissa_bits = (mantissa_bits << shift) & ((1u64 << 52) - 1);
        exponent = 1 - shift;
    }
    let m = f64::from_bits((1023u64 << 52) | mantissa_bits);
    let e = (exponent - 1023) as f64;
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let mut term = z;
    let mut sum = 0.0;
    let mut k = 1.0;
    for _ in 0..20 {
        sum += term / k;
        term *= z2;
        k += 2.0;
    }
    e * std::f64::consts::LN_2 + 2.0 * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_pinned() {
        // SplitMix64's published first outputs for seed 1234567.
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn devices_and_streams_differ_and_repeat() {
        let a = Rng::for_device(1, 7, Stream::Plan).next_u64();
        assert_eq!(a, Rng::for_device(1, 7, Stream::Plan).next_u64());
        assert_ne!(a, Rng::for_device(1, 8, Stream::Plan).next_u64());
        assert_ne!(a, Rng::for_device(2, 7, Stream::Plan).next_u64());
        assert_ne!(a, Rng::for_device(1, 7, Stream::Host).next_u64());
    }

    #[test]
    fn ln_matches_the_platform_closely() {
        for x in [
            1e-300, 1e-10, 0.001, 0.3, 0.5, 0.999_999, 1.0, 1.5, 2.0, 1e10,
        ] {
            let ours = ln(x);
            let theirs = x.ln();
            assert!(
                (ours - theirs).abs() <= 1e-12 * theirs.abs().max(1.0),
                "{x}: {ours} vs {theirs}"
            );
        }
        assert!((ln(f64::from_bits(1)) - f64::from_bits(1).ln()).abs() < 1e-9);
    }

    #[test]
    fn draws_have_the_asked_for_shape() {
        let mut rng = Rng::new(42);
        let n = 100_000;
        let mean = (0..n).map(|_| rng.exponential(1000.0)).sum::<u64>() as f64 / n as f64;
        assert!((mean - 1000.0).abs() < 15.0, "{mean}");
        let hits = (0..n).filter(|_| rng.chance(0.25)).count() as f64 / n as f64;
        assert!((hits - 0.25).abs() < 0.01, "{hits}");
        let mut counts = [0u32; 3];
        for _ in 0..n {
            counts[rng.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((f64::from(counts[2]) / f64::from(counts[0]) - 3.0).abs() < 0.1);
        assert!((0..1000).all(|_| rng.below(10) < 10));
        assert_eq!(rng.below(0), 0);
        assert!(!rng.chance(0.0) && rng.chance(1.0));
    }
}
