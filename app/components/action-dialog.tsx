'use client';
// A modal dialog opened from a button (Radix Dialog: focus trapping, Escape, labelling), and its footer of a
// confirming button and Cancel.
import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

/** A button that opens a modal dialog with this title; the body follows the title. */
export function ActionDialog({
  open,
  onOpenChange,
  trigger,
  triggerClassName,
  title,
  children,
}: {
  open?: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: string;
  triggerClassName: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button type="button" className={triggerClassName}>
          {trigger}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{title}</Dialog.Title>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The dialog's confirming button (the child), then Cancel, which closes it. */
export function ConfirmOrCancel({ children }: { children: ReactNode }) {
  return (
    <div className="toolbar" style={{ marginTop: 12 }}>
      {children}
      <Dialog.Close asChild>
        <button type="button" className="secondary">
          Cancel
        </button>
      </Dialog.Close>
    </div>
  );
}
