/** The error messages for one form field, linked to it with aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return <span id={id} />;
  return (
    <span id={id} role="alert" className="mt-1 block text-sm text-red-700">
      {messages.join(" ")}
    </span>
  );
}
