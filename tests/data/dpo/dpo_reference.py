#!/usr/bin/env python3
# Independent reference for tst_dpoloss: TRL's sigmoid DPO loss written with
# Debian's python3-torch (run with /usr/bin/python3). Prints the loss, the
# gradient w.r.t. the policy log-probs, rewards, margin and accuracy for the
# fixed log-probs below; the test holds these numbers.
import torch
import torch.nn.functional as F

pc = torch.tensor([-12.5, -30.25, -8.0, -45.5], dtype=torch.float64, requires_grad=True)
pr = torch.tensor([-14.0, -29.0, -9.5, -44.0], dtype=torch.float64, requires_grad=True)
rc = torch.tensor([-13.0, -30.0, -8.25, -46.0], dtype=torch.float64)
rr = torch.tensor([-13.5, -29.5, -9.0, -43.0], dtype=torch.float64)
for beta, ls in ((0.1, 0.0), (0.5, 0.2)):
    pc.grad = None
    pr.grad = None
    logits = (pc - pr) - (rc - rr)
    losses = -F.logsigmoid(beta * logits) * (1 - ls) - F.logsigmoid(-beta * logits) * ls
    loss = losses.mean()
    loss.backward()
    cr = beta * (pc - rc).detach()
    rj = beta * (pr - rr).detach()
    print("beta", beta, "ls", ls)
    print("loss %.15f" % loss.item())
    print("grad_chosen", ["%.15f" % v for v in pc.grad.tolist()])
    print("grad_rejected", ["%.15f" % v for v in pr.grad.tolist()])
    print("chosen_rewards", ["%.15f" % v for v in cr.tolist()])
    print("margin %.15f accuracy %.15f" % ((cr - rj).mean().item(), (cr > rj).double().mean().item()))
