/** Prosto's own version; the build stamps the same value into the executable. */
export const VERSION = '0.1.0';
