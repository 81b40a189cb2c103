"""What the attempt log says, for educators, and the parameters fitted from it."""
