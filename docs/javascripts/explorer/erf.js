// erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, by the rational approximations of Sun's fdlibm (s_erf.c), which the
// C library under the Python engine also uses, so GELU agrees with math.erf to the last bit or two.
// fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunPro,
// a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software
// is freely granted, provided that this notice is preserved.

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [0, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.96022827877536812320e-6];
const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.16637559486879084300e-3];
const QA = [0, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592];
const SA = [0, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2];
const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2];
const SB = [0, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1];

const words = new DataView(new ArrayBuffer(8));
/** x with the low 32 bits of its significand cleared. */
const high = (x) => (words.setFloat64(0, x), words.setUint32(4, 0), words.getFloat64(0));

/** The error function, to within about one unit in the last place. */
export const erf = (x) => {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x), sign = x < 0 ? -1 : 1;
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + EFX * x;
    const z = x * x, z2 = z * z, z4 = z2 * z2;
    const r = PP[0] + z * PP[1] + z2 * (PP[2] + z * PP[3]) + z4 * PP[4];
    const s = 1 + z * QQ[1] + z2 * (QQ[2] + z * QQ[3]) + z4 * (QQ[4] + z * QQ[5]);
    return x + x * (r / s);
  }
  if (a < 1.25) {
    const s = a - 1, s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
    const p = PA[0] + s * PA[1] + s2 * (PA[2] + s * PA[3]) + s4 * (PA[4] + s * PA[5]) + s6 * PA[6];
    const q = 1 + s * QA[1] + s2 * (QA[2] + s * QA[3]) + s4 * (QA[4] + s * QA[5]) + s6 * QA[6];
    return sign * (ERX + p / q);
  }
  if (a >= 6) return sign * (1 - 1e-300);
  const s = 1 / (a * a), s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
  let r, q;
  if (a < 1 / 0.35) {
    r = RA[0] + s * RA[1] + s2 * (RA[2] + s * RA[3]) + s4 * (RA[4] + s * RA[5]) + s6 * (RA[6] + s * RA[7]);
    q = 1 + s * SA[1] + s2 * (SA[2] + s * SA[3]) + s4 * (SA[4] + s * SA[5]) + s6 * (SA[6] + s * SA[7])
      + s4 * s4 * SA[8];
  } else {
    r = RB[0] + s * RB[1] + s2 * (RB[2] + s * RB[3]) + s4 * (RB[4] + s * RB[5]) + s6 * RB[6];
    q = 1 + s * SB[1] + s2 * (SB[2] + s * SB[3]) + s4 * (SB[4] + s * SB[5]) + s6 * (SB[6] + s * SB[7]);
  }
  const z = high(a);
  const tail = Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + r / q);
  return sign * (1 - tail / a);
};
