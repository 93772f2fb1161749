import type { MethodId } from "@/lib/tradeoffs/methods";

/** Colour and marker shape per method; shape as well as colour so the charts survive greyscale print and colour blindness. */
export const METHOD_STYLE: Record<MethodId, { color: string; shape: "circle" | "square" | "triangle"; text: string }> = {
  "static-keys": { color: "#b91c1c", shape: "square", text: "text-red-800" },
  "instance-role": { color: "#a16207", shape: "triangle", text: "text-yellow-800" },
  oidc: { color: "#15803d", shape: "circle", text: "text-green-800" },
};

export function Marker({ method, x, y, r }: { method: MethodId; x: number; y: number; r: number }) {
  const { color, shape } = METHOD_STYLE[method];
  if (shape === "square") return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={color} />;
  if (shape === "triangle") return <polygon points={`${x},${y - r * 1.2} ${x + r * 1.1},${y + r * 0.8} ${x - r * 1.1},${y + r * 0.8}`} fill={color} />;
  return <circle cx={x} cy={y} r={r} fill={color} />;
}
